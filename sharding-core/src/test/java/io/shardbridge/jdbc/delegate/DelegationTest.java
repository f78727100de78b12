package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every interface method of the plain-delegation bases reaches the delegate, with the same arguments. */
class DelegationTest {
    @Test
    void everyConnectionMethodIsDelegated() throws Exception {
        assertDelegates(Connection.class, d -> new DelegatingConnection(d) { });
    }

    @Test
    void everyPreparedStatementMethodIsDelegated() throws Exception {
        assertDelegates(PreparedStatement.class, d -> new DelegatingPreparedStatement(d) { });
    }

    @Test
    void everyPgConnectionMethodIsDelegated() throws Exception {
        assertDelegates(org.postgresql.PGConnection.class, d -> new DelegatingPgConnection(d) { }, 20);
    }

    private static <T> void assertDelegates(Class<T> type, java.util.function.Function<T, T> wrap) throws Exception {
        assertDelegates(type, wrap, 40);
    }

    private static <T> void assertDelegates(Class<T> type, java.util.function.Function<T, T> wrap, int atLeast) throws Exception {
        List<String> calls = new ArrayList<>();
        T recorder = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            calls.add(signature(method) + (args == null ? "" : java.util.Arrays.toString(args)));
            return defaultValue(method.getReturnType());
        }));
        T wrapper = wrap.apply(recorder);
        int checked = 0;
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            calls.clear();
            Object[] args = arguments(method);
            method.invoke(wrapper, args);
            assertThat(calls).as(signature(method)).containsExactly(signature(method) + (args.length == 0 ? "" : java.util.Arrays.toString(args)));
            checked++;
        }
        assertThat(checked).isGreaterThan(atLeast);
    }

    private static Object[] arguments(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i] == int.class ? 7 + i : types[i] == long.class ? 11L + i : types[i] == boolean.class ? Boolean.TRUE
                    : types[i] == String.class ? "s" + i : defaultValue(types[i]);
        }
        return args;
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        return null;
    }

    private static String signature(Method method) {
        return method.getName() + java.util.Arrays.toString(method.getParameterTypes());
    }
}
