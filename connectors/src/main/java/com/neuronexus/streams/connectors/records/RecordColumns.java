package com.neuronexus.streams.connectors.records;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns of an output record: each record component under its snake_case name (the same name it has
 * in JSON), with its accessor. Used for Kafka keys and JDBC rows, so a record needs no mapping code.
 */
public final class RecordColumns {
    private static final Map<Class<?>, RecordColumns> CACHE = new ConcurrentHashMap<>();

    /** One column: its name, Java type, whether it holds raw JSON text, and how to read it. */
    public record Column(String name, Class<?> type, boolean rawJson, Method accessor) {
        public Object read(Object record) {
            try {
                return accessor.invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name + " of " + record.getClass().getSimpleName(), e);
            }
        }

        public boolean isJsonb() {
            return rawJson || type.isArray() || List.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
        }
    }

    private final List<Column> columns;

    private RecordColumns(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        List<Column> list = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Method accessor = component.getAccessor();
            accessor.setAccessible(true);
            list.add(new Column(snakeCase(component.getName()), component.getType(),
                    component.isAnnotationPresent(JsonRawValue.class) || accessor.isAnnotationPresent(JsonRawValue.class),
                    accessor));
        }
        this.columns = Collections.unmodifiableList(list);
    }

    public static RecordColumns of(Class<?> type) {
        return CACHE.computeIfAbsent(type, RecordColumns::new);
    }

    public List<Column> columns() {
        return columns;
    }

    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column " + name + " in " + columns.stream().map(Column::name).toList());
    }

    /** The same rule Jackson's SNAKE_CASE strategy applies: leadTimeDays -> lead_time_days. */
    public static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
