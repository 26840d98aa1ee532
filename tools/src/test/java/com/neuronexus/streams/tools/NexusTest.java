package com.neuronexus.streams.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class NexusTest {

    /** A stand-in subcommand, reachable through the same lookup as the real ones. */
    public static final class Echo {
        public static int run(String[] args) {
            System.out.print(String.join(",", args));
            return args.length;
        }
    }

    @Test
    void helpListsEveryCommandOnItsOwnLine() {
        String out = captureStdout(() -> Nexus.run(new String[] {"help"}));
        for (Nexus.Command c : Nexus.COMMANDS) {
            assertTrue(out.lines().anyMatch(l -> l.trim().startsWith(c.name() + " ")), c.name() + " in\n" + out);
        }
    }

    @Test
    void unknownAndUnwrittenCommandsAreUsageErrors() {
        assertEquals(Nexus.USAGE, Nexus.run(new String[] {"no-such-command"}));
        assertEquals(Nexus.USAGE, Nexus.run(new String[0]));
        assertTrue(Nexus.entryPoint("com.neuronexus.streams.tools.nothing.Here").isEmpty());
    }

    @Test
    void dispatchesArgumentsAndReturnsTheExitCode() throws Exception {
        var run = Nexus.entryPoint(Echo.class.getName()).orElseThrow();
        String[] args = {"a", "b", "c"};
        assertEquals(3, (int) run.invoke(null, (Object) args));
    }

    private static String captureStdout(Supplier<Integer> action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, action.get());
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
