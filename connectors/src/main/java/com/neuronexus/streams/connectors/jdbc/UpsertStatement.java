package com.neuronexus.streams.connectors.jdbc;

import com.neuronexus.streams.connectors.records.RecordColumns;
import com.neuronexus.streams.connectors.records.RecordColumns.Column;
import com.neuronexus.streams.core.json.Json;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * {@code INSERT … ON CONFLICT (primary key) DO UPDATE} for a record type, derived from its components:
 * replays and recoveries rewrite the same rows instead of duplicating them.
 */
public final class UpsertStatement<T> implements JdbcStatementBuilder<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String sql;
    private transient List<Column> columns;

    public UpsertStatement(String table, Class<T> type, List<String> primaryKey) {
        this.type = type;
        this.sql = buildSql(table, RecordColumns.of(type).columns(), primaryKey);
    }

    public String sql() {
        return sql;
    }

    static String buildSql(String table, List<Column> columns, List<String> primaryKey) {
        if (primaryKey.isEmpty()) {
            throw new IllegalArgumentException("table " + table + " has no primary key to upsert on");
        }
        for (String key : primaryKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(key))) {
                throw new IllegalArgumentException("primary key column " + key + " of " + table + " is not a record component");
            }
        }
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> c.isJsonb() ? "CAST(? AS jsonb)" : "?").collect(Collectors.joining(", "));
        List<Column> updatable = columns.stream().filter(c -> !primaryKey.contains(c.name())).toList();
        String conflict = updatable.isEmpty()
                ? "DO NOTHING"
                : "DO UPDATE SET " + updatable.stream().map(c -> c.name() + " = EXCLUDED." + c.name())
                        .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ") ON CONFLICT ("
                + String.join(", ", primaryKey) + ") " + conflict;
    }

    @Override
    public void accept(PreparedStatement statement, T record) throws SQLException {
        if (columns == null) {
            columns = RecordColumns.of(type).columns();
        }
        int index = 1;
        for (Column column : columns) {
            bind(statement, index++, column, column.read(record));
        }
    }

    private static void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, column.isJsonb() ? Types.OTHER : sqlType(column.type()));
        } else if (column.rawJson()) {
            statement.setString(index, (String) value);
        } else if (column.isJsonb()) {
            statement.setString(index, Json.toText(value));
        } else if (value instanceof Instant instant) {
            statement.setTimestamp(index, Timestamp.from(instant));
        } else if (value instanceof Enum<?> e) {
            statement.setString(index, e.name());
        } else if (value instanceof BigDecimal d) {
            statement.setBigDecimal(index, d);
        } else if (value instanceof Double d) {
            // PostgreSQL double precision takes NaN, but reporting tools choke on it: store NULL.
            if (d.isNaN() || d.isInfinite()) {
                statement.setNull(index, Types.DOUBLE);
            } else {
                statement.setDouble(index, d);
            }
        } else {
            statement.setObject(index, value);
        }
    }

    private static int sqlType(Class<?> type) {
        if (type == Instant.class) {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        } else if (type == Double.class || type == double.class) {
            return Types.DOUBLE;
        } else if (type == Integer.class || type == int.class) {
            return Types.INTEGER;
        } else if (type == Long.class || type == long.class) {
            return Types.BIGINT;
        } else if (type == Boolean.class || type == boolean.class) {
            return Types.BOOLEAN;
        } else if (type == BigDecimal.class) {
            return Types.NUMERIC;
        }
        return Types.VARCHAR;
    }
}
