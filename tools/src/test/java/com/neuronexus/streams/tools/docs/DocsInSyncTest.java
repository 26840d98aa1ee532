package com.neuronexus.streams.tools.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.settings.SettingKey;
import com.neuronexus.streams.core.settings.SettingsCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * flink-conf/config.yaml and the README list every setting with its default. Regenerate both with
 * {@code java -cp … com.neuronexus.streams.tools.docs.SettingsDoc --write .} after adding a key.
 */
class DocsInSyncTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void configYamlListsEverySettingWithItsDefault() throws Exception {
        String yaml = Files.readString(ROOT.resolve("flink-conf/config.yaml"));
        assertEquals(SettingsDoc.replaceBlock(yaml, SettingsDoc.YAML_BEGIN, SettingsDoc.YAML_END, SettingsDoc.yamlBlock()), yaml,
                "flink-conf/config.yaml is out of date: run SettingsDoc --write");
        for (SettingKey<?> key : SettingsCatalog.byName().values()) {
            assertTrue(yaml.contains(key.flinkConfigName() + ":"), key.name());
        }
    }

    @Test
    void readmeListsEverySetting() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertEquals(SettingsDoc.replaceBlock(readme, SettingsDoc.README_BEGIN, SettingsDoc.README_END, SettingsDoc.readmeBlock()),
                readme, "README.md settings table is out of date: run SettingsDoc --write");
    }
}
