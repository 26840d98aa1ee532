package com.neuronexus.streams.tools.docs;

import com.neuronexus.streams.core.settings.SettingKey;
import com.neuronexus.streams.core.settings.SettingsCatalog;

/**
 * Renders the settings catalog for people: {@code ./nexus help settings} (a table), and the {@code nexus.*}
 * block of {@code flink-conf/config.yaml} (every key, its default, a comment), kept in sync by a test.
 */
public final class SettingsDoc {
    public static final String YAML_BEGIN = "# --- nexus settings (generated) ---";
    public static final String YAML_END = "# --- end of nexus settings ---";

    private SettingsDoc() {}

    public static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | env | default | meaning |\n|---|---|---|---|\n");
        for (SettingKey<?> key : SettingsCatalog.byName().values()) {
            sb.append("| `").append(key.name()).append("` | `").append(key.envName()).append("` | `")
                    .append(shownDefault(key)).append("` | ").append(key.description().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    public static String yamlBlock() {
        StringBuilder sb = new StringBuilder();
        sb.append(YAML_BEGIN).append('\n');
        sb.append("# Every NeuroNexus setting with its default. Precedence: program arguments (--key value),\n");
        sb.append("# environment (NEXUS_KEY_NAME), this file (nexus.key), defaults. Unknown nexus.* keys stop the job.\n");
        for (SettingKey<?> key : SettingsCatalog.byName().values()) {
            sb.append("# ").append(key.description()).append('\n');
            String value = shownDefault(key);
            boolean commentOut = key.isSecret();
            sb.append(commentOut ? "# " : "").append(key.flinkConfigName()).append(": ")
                    .append(yamlScalar(value)).append('\n');
        }
        sb.append(YAML_END).append('\n');
        return sb.toString();
    }

    private static String shownDefault(SettingKey<?> key) {
        Object value = key.defaultValue();
        return key.isSecret() ? "" : String.valueOf(value);
    }

    private static String yamlScalar(String value) {
        return value.isEmpty() || !value.matches("[A-Za-z0-9_.:/@,+-]+") ? "\"" + value.replace("\"", "\\\"") + "\"" : value;
    }

    public static void main(String[] args) {
        System.out.print(args.length > 0 && args[0].equals("yaml") ? yamlBlock() : table());
    }
}
