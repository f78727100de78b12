package io.shardbridge.sharding.fastpath;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;

/**
 * The {@code getGeneratedKeys()} answer of a fast-path INSERT whose key the fast path generated: one
 * row, one column named after the key column, holding the generated value — what ShardingSphere's own
 * generated-keys result set holds. Read-only and forward-only.
 */
final class KeysResultSet {
    private KeysResultSet() {
    }

    static ResultSet of(String column, Object value, java.sql.Statement statement) {
        boolean[] state = new boolean[3]; // before first read done, on the row, closed
        Object[] last = new Object[1];
        return (ResultSet) Proxy.newProxyInstance(KeysResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
            String name = method.getName();
            switch (name) {
                case "next":
                    boolean row = !state[0];
                    state[0] = true;
                    state[1] = row;
                    return row;
                case "close":
                    state[2] = true;
                    return null;
                case "isClosed":
                    return state[2];
                case "wasNull":
                    return last[0] == null;
                case "findColumn":
                    if (((String) args[0]).equalsIgnoreCase(column)) {
                        return 1;
                    }
                    throw new SQLException("no column " + args[0] + " among the generated keys (" + column + ")", "42703");
                case "getMetaData":
                    return metaData(column, value);
                case "unwrap":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                    throw new SQLException("not a wrapper for " + args[0]);
                case "isWrapperFor":
                    return ((Class<?>) args[0]).isInstance(proxy);
                case "getType":
                    return ResultSet.TYPE_FORWARD_ONLY;
                case "getStatement":
                    return statement;
                case "getHoldability":
                    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
                case "getFetchSize":
                    return 1;
                case "getFetchDirection":
                    return ResultSet.FETCH_FORWARD;
                case "isBeforeFirst":
                    return !state[0];
                case "isAfterLast":
                    return state[0] && !state[1];
                case "isFirst":
                case "isLast":
                    return state[1];
                case "getConcurrency":
                    return ResultSet.CONCUR_READ_ONLY;
                case "getWarnings":
                case "clearWarnings":
                    return null;
                default:
                    break;
            }
            if (name.startsWith("get") && args != null && args.length >= 1) {
                if (!state[1] || state[2]) {
                    throw new SQLException("the generated-keys result set is not on a row", "24000");
                }
                if (args[0] instanceof Integer i && i != 1 || args[0] instanceof String s && !s.equalsIgnoreCase(column)) {
                    throw new SQLException("no column " + args[0] + " among the generated keys (" + column + ")", "42703");
                }
                last[0] = value;
                return convert(value, method.getReturnType(), args.length > 1 && args[1] instanceof Class<?> c ? c : null);
            }
            throw new SQLFeatureNotSupportedException(name + " on a generated-keys result set");
        });
    }

    private static Object convert(Object value, Class<?> type, Class<?> requested) {
        Class<?> wanted = requested != null ? requested : type;
        Number n = value instanceof Number number ? number : null;
        if (wanted == long.class || wanted == Long.class) {
            return n == null ? 0L : n.longValue();
        }
        if (wanted == int.class || wanted == Integer.class) {
            return n == null ? 0 : n.intValue();
        }
        if (wanted == String.class) {
            return value == null ? null : value.toString();
        }
        if (wanted == BigDecimal.class) {
            return value == null ? null : new BigDecimal(value.toString());
        }
        return value;
    }

    /** Answers as ShardingSphere's own generated-keys metadata does: one BIGINT column, nothing else known. */
    private static ResultSetMetaData metaData(String column, Object value) {
        return (ResultSetMetaData) Proxy.newProxyInstance(KeysResultSet.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class}, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("unwrap")) {
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                }
                throw new SQLException("not a wrapper for " + args[0]);
            }
            if (name.equals("isWrapperFor")) {
                return ((Class<?>) args[0]).isInstance(proxy);
            }
            if (name.equals("getColumnCount")) {
                return 1;
            }
            if ((Integer) args[0] != 1) {
                throw new SQLException("column " + args[0] + " is out of range: the generated keys have one column", "22023");
            }
            return switch (name) {
                case "getColumnName", "getColumnLabel" -> column;
                case "getColumnType" -> Types.BIGINT;
                case "getColumnClassName" -> value == null ? Long.class.getName() : value.getClass().getName();
                case "getColumnTypeName", "getSchemaName", "getTableName", "getCatalogName" -> "";
                case "isNullable" -> ResultSetMetaData.columnNoNulls;
                case "getColumnDisplaySize", "getPrecision", "getScale" -> 0;
                case "isSigned", "isCaseSensitive", "isAutoIncrement", "isReadOnly" -> true;
                case "isSearchable", "isCurrency", "isWritable", "isDefinitelyWritable" -> false;
                default -> throw new SQLFeatureNotSupportedException(name + " on generated-keys metadata");
            };
        });
    }
}
