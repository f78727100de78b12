package io.shardbridge.jdbc.delegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Every interface method of the plain-delegation bases reaches the delegate, with the same arguments. */
public class DelegationTest {
    @Test
    void everyDataSourceMethodIsDelegated() throws Exception {
        assertDelegates(DataSource.class, d -> new DelegatingDataSource(d) { }, 6, Set.of("createConnectionBuilder", "createShardingKeyBuilder"));
    }

    @Test
    void everyConnectionMethodIsDelegated() throws Exception {
        assertDelegates(Connection.class, d -> new DelegatingConnection(d) { });
    }

    @Test
    void everyStatementMethodIsDelegated() throws Exception {
        assertDelegates(Statement.class, d -> new DelegatingStatement(d) { });
    }

    @Test
    void everyPreparedStatementMethodIsDelegated() throws Exception {
        assertDelegates(PreparedStatement.class, d -> new DelegatingPreparedStatement(d) { });
    }

    @Test
    void everyResultSetMethodIsDelegated() throws Exception {
        assertDelegates(ResultSet.class, d -> new DelegatingResultSet(d) { });
    }

    @Test
    void unwrapAnswersTheWrapperItselfBeforeAskingTheDelegate() throws Exception {
        Connection recorder = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    throw new AssertionError("the delegate was asked: " + method.getName());
                });
        DelegatingConnection wrapper = new DelegatingConnection(recorder) { };
        assertThat(wrapper.unwrap(DelegatingConnection.class)).isSameAs(wrapper);
        assertThat(wrapper.isWrapperFor(Connection.class)).isTrue();
    }

    @Test
    void aPreparedStatementMaySendItsStatementMethodsToAnotherStatement() throws Exception {
        List<String> calls = new ArrayList<>();
        Statement plain = recorder(Statement.class, "statement", calls);
        PreparedStatement prepared = recorder(PreparedStatement.class, "prepared", calls);
        DelegatingPreparedStatement wrapper = new DelegatingPreparedStatement(prepared) {
            @Override
            protected Statement statementDelegate() {
                return plain;
            }
        };
        wrapper.setFetchSize(5);
        wrapper.getResultSet();
        wrapper.executeUpdate("s");
        wrapper.setInt(1, 2);
        wrapper.executeQuery();
        wrapper.getMetaData();
        assertThat(calls).containsExactly("statement.setFetchSize", "statement.getResultSet", "statement.executeUpdate",
                "prepared.setInt", "prepared.executeQuery", "prepared.getMetaData");
    }

    private static <T> T recorder(Class<T> type, String name, List<String> calls) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            calls.add(name + "." + method.getName());
            return defaultValue(method.getReturnType());
        }));
    }

    public static <T> void assertDelegates(Class<T> type, java.util.function.Function<T, T> wrap) throws Exception {
        assertDelegates(type, wrap, 40, Set.of());
    }

    /** Calls every interface method of {@code wrap(recorder)} but those named in {@code kept}; each must reach the recorder once, with its arguments. */
    public static <T> void assertDelegates(Class<T> type, java.util.function.Function<T, T> wrap, int atLeast, Set<String> kept) throws Exception {
        List<String> calls = new ArrayList<>();
        T recorder = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            calls.add(signature(method) + (args == null ? "" : java.util.Arrays.toString(args)));
            return defaultValue(method.getReturnType());
        }));
        T wrapper = wrap.apply(recorder);
        int checked = 0;
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || kept.contains(method.getName())) {
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
