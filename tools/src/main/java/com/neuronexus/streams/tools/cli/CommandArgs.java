package com.neuronexus.streams.tools.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's own options ({@code --out DIR}) split from the job settings that pass through to
 * {@code Settings} ({@code --demand.bucket WEEK}): a dotted name is a setting, anything else must be one
 * of the command's options.
 */
public final class CommandArgs {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> settingArgs = new ArrayList<>();
    private final List<String> positional = new ArrayList<>();

    private CommandArgs() {}

    public static CommandArgs parse(String[] args, Set<String> knownOptions, Set<String> flags) {
        CommandArgs parsed = new CommandArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                parsed.options.put(name, value == null ? "true" : value);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (knownOptions.contains(name)) {
                parsed.options.put(name, value);
            } else if (name.contains(".")) {
                parsed.settingArgs.add("--" + name);
                parsed.settingArgs.add(value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + "; options: "
                        + knownOptions.stream().map(o -> "--" + o).toList() + " or any setting as --key value");
            }
        }
        return parsed;
    }

    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    public String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(options.getOrDefault(name, "false"));
    }

    public String[] settingArgs() {
        return settingArgs.toArray(String[]::new);
    }

    public List<String> positional() {
        return positional;
    }
}
