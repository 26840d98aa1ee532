package com.neuronexus.streams.core.settings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The typed settings of a run, resolved once in a job's {@code main()} from (highest first) program
 * arguments, environment variables, the Flink cluster configuration, and defaults. Flink 2.2.1's dashboard
 * drops program arguments, so everything must also work from the last three alone.
 *
 * <p>Unknown keys are an error in every layer ({@code --foo}, {@code NEXUS_FOO}, {@code nexus.foo}): a typo
 * must not silently fall back to a default.
 */
public final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Environment variables of the launcher itself, not settings. */
    private static final List<String> LAUNCHER_ENV = List.of("NEXUS_HOME", "NEXUS_JAVA_OPTS", "NEXUS_MVN_OPTS", "NEXUS_REBUILD", "NEXUS_DEBUG");

    private final Map<String, Object> values;
    private final Map<String, String> origins;

    private Settings(Map<String, Object> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
    }

    public static Settings defaults() {
        return load(new String[0], Map.of(), Map.of());
    }

    /** Resolve from the process environment and the given Flink configuration (its entries as strings). */
    public static Settings fromEnvironment(String[] args, Map<String, String> flinkConfiguration) {
        return load(args, System.getenv(), flinkConfiguration);
    }

    public static Settings load(String[] args, Map<String, String> env, Map<String, String> flinkConfiguration) {
        Map<String, SettingKey<?>> known = SettingsCatalog.byName();
        Map<String, Object> values = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        List<String> errors = new ArrayList<>();

        for (SettingKey<?> key : known.values()) {
            values.put(key.name(), key.defaultValue());
            origins.put(key.name(), "default");
        }
        Map<String, SettingKey<?>> byFlinkName = new TreeMap<>();
        Map<String, SettingKey<?>> byEnvName = new TreeMap<>();
        known.values().forEach(k -> {
            byFlinkName.put(k.flinkConfigName(), k);
            byEnvName.put(k.envName(), k);
        });

        new TreeMap<>(flinkConfiguration).forEach((name, raw) -> {
            if (!name.startsWith("nexus.")) {
                return;
            }
            apply(byFlinkName.get(name), name, raw, "Flink configuration " + name, values, origins, errors);
        });
        new TreeMap<>(env).forEach((name, raw) -> {
            if (!name.startsWith("NEXUS_") || LAUNCHER_ENV.contains(name)) {
                return;
            }
            apply(byEnvName.get(name), name, raw, "environment " + name, values, origins, errors);
        });
        parseArguments(args, errors).forEach((name, raw) ->
                apply(known.get(name), "--" + name, raw, "argument --" + name, values, origins, errors));

        if (!errors.isEmpty()) {
            throw new SettingsException(String.join("\n", errors)
                    + "\nRun './nexus help settings' for every key, its default and meaning.");
        }
        return new Settings(values, origins);
    }

    private static void apply(SettingKey<?> key, String given, String raw, String origin,
            Map<String, Object> values, Map<String, String> origins, List<String> errors) {
        if (key == null) {
            errors.add("unknown setting " + given + " (from " + origin + ")" + suggestion(given));
            return;
        }
        try {
            values.put(key.name(), key.parse(raw, origin));
            origins.put(key.name(), origin);
        } catch (SettingsException e) {
            errors.add(e.getMessage());
        }
    }

    private static String suggestion(String given) {
        String plain = given.replaceFirst("^--", "").replaceFirst("^nexus\\.", "").toLowerCase().replace('_', '.');
        plain = plain.replaceFirst("^nexus\\.", "");
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : SettingsCatalog.byName().keySet()) {
            int d = distance(plain, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best != null && bestDistance <= 3 ? "; did you mean " + best + "?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** {@code --key value} and {@code --key=value}; anything else is an error. */
    static Map<String, String> parseArguments(String[] args, List<String> errors) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                errors.add("unexpected argument '" + arg + "': settings are given as --key value");
                continue;
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            if (eq > 0) {
                parsed.put(body.substring(0, eq), body.substring(eq + 1));
            } else if (i + 1 < args.length) {
                parsed.put(body, args[++i]);
            } else {
                errors.add("argument --" + body + " needs a value");
            }
        }
        return parsed;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(SettingKey<T> key) {
        if (!values.containsKey(key.name())) {
            throw new SettingsException("setting " + key.name() + " is not in SettingsCatalog");
        }
        return (T) values.get(key.name());
    }

    /** A copy with one value replaced; for tools and tests that wire jobs in-process. */
    public <T> Settings with(SettingKey<T> key, T value) {
        Map<String, Object> copy = new TreeMap<>(values);
        Map<String, String> copyOrigins = new TreeMap<>(origins);
        copy.put(key.name(), value);
        copyOrigins.put(key.name(), "override");
        return new Settings(copy, copyOrigins);
    }

    public String origin(SettingKey<?> key) {
        return origins.get(key.name());
    }

    /** Every key with its value (secrets masked) and where it came from; safe to log. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (SettingKey<?> key : SettingsCatalog.byName().values()) {
            sb.append(key.name()).append(" = ").append(key.show(values.get(key.name())))
                    .append("  (").append(origins.get(key.name())).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Settings{" + describe().replace('\n', ';') + "}";
    }
}
