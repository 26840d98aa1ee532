package com.neuronexus.streams.tools.migrate;

import com.neuronexus.streams.connectors.jdbc.Migrations;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.tools.cli.CommandArgs;
import java.util.Map;
import java.util.Set;

/** {@code ./nexus migrate [--jdbc-url URL] [--jdbc.user U]}: applies the SQL migrations idempotently. */
public final class MigrateCommand {
    private MigrateCommand() {}

    public static int run(String[] args) throws Exception {
        CommandArgs parsed = CommandArgs.parse(args, Set.of("jdbc-url"), Set.of());
        Settings settings = Settings.load(parsed.settingArgs(), System.getenv(), Map.of());
        String url = parsed.option("jdbc-url", settings.get(PlatformSettings.JDBC_URL));
        var result = Migrations.apply(url, settings.get(PlatformSettings.JDBC_USER), settings.get(PlatformSettings.JDBC_PASSWORD));
        System.out.println("migrations applied now: " + result.applied() + "; already present: " + result.alreadyPresent());
        return 0;
    }
}
