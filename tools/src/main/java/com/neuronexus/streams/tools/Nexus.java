package com.neuronexus.streams.tools;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of {@code ./nexus}: picks the subcommand and hands it the remaining arguments.
 *
 * <p>Each subcommand is a class with {@code static int run(String[] args)} returning the exit code. The
 * class is looked up by name, so a subcommand is added by writing its class, and a missing one says
 * "not available yet" instead of breaking the build.
 */
public final class Nexus {

    /** Exit code for a wrong command line or a subcommand that does not exist yet. */
    static final int USAGE = 2;

    /** One subcommand: its name, the class that runs it, and a one-line summary for {@code help}. */
    record Command(String name, String className, String summary) {
    }

    private static final String PKG = "com.neuronexus.streams.tools.";

    static final List<Command> COMMANDS = List.of(
            new Command("help", null, "this list; 'help settings' lists every setting"),
            new Command("sandbox", PKG + "sandbox.SandboxCommand",
                    "Kafka + PostgreSQL + Flink dashboard + every job + generator, all on 127.0.0.1"
                            + " [--duration S] [--skus N] [--rate EPS] [--webhook-url URL]"),
            new Command("generate", PKG + "generator.GenerateCommand",
                    "write a deterministic workload, one <topic>.jsonl per input topic"
                            + " --out DIR [--days D] [--skus N] [--seed S]"),
            new Command("replay", PKG + "replay.ReplayCommand",
                    "run one job bounded over <topic>.jsonl files: JOB --input DIR --out DIR [--key value ...]"),
            new Command("migrate", PKG + "migrate.MigrateCommand",
                    "apply the SQL migrations idempotently --jdbc-url URL"),
            new Command("bench", PKG + "bench.BenchCommand",
                    "throughput and latency of every job against a passthrough [--events N] [--out FILE]"),
            new Command("verify-chain", PKG + "verifychain.VerifyChain",
                    "check the audit hash chain in PostgreSQL or files and report the first break"),
            new Command("score-series", PKG + "scoreseries.ScoreSeriesCommand",
                    "score a metric series with the anomaly detector, offline"));

    private Nexus() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (separate from main for tests). */
    static int run(String[] args) {
        if (args.length >= 2 && isHelp(args[0]) && args[1].equals("settings")) {
            System.out.print(com.neuronexus.streams.tools.docs.SettingsDoc.table());
            return 0;
        }
        if (args.length == 0 || isHelp(args[0])) {
            printHelp();
            return args.length == 0 ? USAGE : 0;
        }
        Optional<Command> command = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst();
        if (command.isEmpty()) {
            System.err.println("nexus: unknown command '" + args[0] + "'");
            printHelp();
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Optional<Method> entry = entryPoint(command.get().className());
        if (entry.isEmpty()) {
            System.err.println("nexus " + command.get().name() + ": not available yet");
            return USAGE;
        }
        try {
            return (int) entry.get().invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            System.err.println("nexus " + command.get().name() + ": " + cause);
            if (System.getenv("NEXUS_DEBUG") != null) {
                cause.printStackTrace();
            } else {
                System.err.println("(set NEXUS_DEBUG=1 for the stack trace)");
            }
            return 1;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(command.get().className() + ".run is not public", e);
        }
    }

    /** The subcommand's {@code static int run(String[])}, or empty when the class is not written yet. */
    static Optional<Method> entryPoint(String className) {
        if (className == null) {
            return Optional.empty();
        }
        try {
            Method run = Class.forName(className).getMethod("run", String[].class);
            if (!Modifier.isStatic(run.getModifiers()) || run.getReturnType() != int.class) {
                throw new IllegalStateException(className + " must declare public static int run(String[] args)");
            }
            return Optional.of(run);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
    }

    static void printHelp() {
        System.out.println("usage: ./nexus COMMAND [options]");
        System.out.println();
        int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(10) + 2;
        for (Command c : COMMANDS) {
            String availability = c.className() == null || entryPoint(c.className()).isPresent()
                    ? "" : " (not available yet)";
            System.out.printf("  %-" + width + "s%s%s%n", c.name(), c.summary(), availability);
        }
        System.out.println();
        System.out.println("Environment: NEXUS_JAVA_OPTS (JVM options), NEXUS_<KEY> settings (see README),"
                + " NEXUS_DEBUG=1 (stack traces).");
    }
}
