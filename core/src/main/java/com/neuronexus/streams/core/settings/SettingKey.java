package com.neuronexus.streams.core.settings;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting: its dotted name ({@code demand.bucket}), type, default and meaning. The same key is read as a
 * program argument {@code --demand.bucket}, an environment variable {@code NEXUS_DEMAND_BUCKET}, and a Flink
 * configuration entry {@code nexus.demand.bucket}.
 */
public final class SettingKey<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    public interface Parser<T> extends Function<String, T>, Serializable {}

    private final String name;
    private final Class<T> type;
    private final Parser<T> parser;
    private final T defaultValue;
    private final String description;
    private final boolean secret;

    private SettingKey(String name, Class<T> type, Parser<T> parser, T defaultValue, String description, boolean secret) {
        if (!name.matches("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+")) {
            throw new IllegalArgumentException("setting names are lower-case, dotted: " + name);
        }
        this.name = name;
        this.type = type;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
    }

    public static SettingKey<String> string(String name, String defaultValue, String description) {
        return new SettingKey<>(name, String.class, s -> s, defaultValue, description, false);
    }

    public static SettingKey<String> secret(String name, String defaultValue, String description) {
        return new SettingKey<>(name, String.class, s -> s, defaultValue, description, true);
    }

    public static SettingKey<Integer> integer(String name, int defaultValue, String description) {
        return new SettingKey<>(name, Integer.class, s -> Integer.parseInt(s.trim()), defaultValue, description, false);
    }

    public static SettingKey<Long> longValue(String name, long defaultValue, String description) {
        return new SettingKey<>(name, Long.class, s -> Long.parseLong(s.trim()), defaultValue, description, false);
    }

    public static SettingKey<Double> decimal(String name, double defaultValue, String description) {
        return new SettingKey<>(name, Double.class, s -> {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException("not a finite number");
            }
            return v;
        }, defaultValue, description, false);
    }

    public static SettingKey<Boolean> bool(String name, boolean defaultValue, String description) {
        return new SettingKey<>(name, Boolean.class, s -> {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalArgumentException("expected true or false");
        }, defaultValue, description, false);
    }

    public static <E extends Enum<E>> SettingKey<E> enumValue(String name, Class<E> type, E defaultValue, String description) {
        return new SettingKey<>(name, type, s -> Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_')),
                defaultValue, description, false);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean isSecret() {
        return secret;
    }

    public String envName() {
        return "NEXUS_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String flinkConfigName() {
        return "nexus." + name;
    }

    T parse(String raw, String origin) {
        try {
            return Objects.requireNonNull(parser.apply(raw));
        } catch (RuntimeException e) {
            String shown = secret ? "<secret>" : "'" + raw + "'";
            String expected = type.isEnum()
                    ? "one of " + java.util.Arrays.toString(type.getEnumConstants())
                    : "a " + type.getSimpleName();
            throw new SettingsException("setting " + name + " from " + origin + ": " + shown + " is not " + expected);
        }
    }

    public String show(Object value) {
        return secret && value != null && !String.valueOf(value).isEmpty() ? "******" : String.valueOf(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
