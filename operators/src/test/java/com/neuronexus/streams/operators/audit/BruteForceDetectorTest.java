package com.neuronexus.streams.operators.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BruteForceDetectorTest {
    private static final long MIN = 60_000L;
    private final BruteForceDetector detector =
            new BruteForceDetector(BruteForceDetector.Config.of(5, 15 * MIN, 15 * MIN, "login"));

    private List<BruteForceDetector.Block> failures(int n, long spacingMillis) {
        BruteForceDetector.State state = BruteForceDetector.State.EMPTY;
        List<BruteForceDetector.Block> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BruteForceDetector.Step step = detector.onAttempt(state, i * spacingMillis, "alice", false);
            state = step.state();
            if (step.block() != null) {
                blocks.add(step.block());
            }
        }
        return blocks;
    }

    @Test
    void fourFailuresDoNotBlock() {
        assertEquals(0, failures(4, MIN).size());
    }

    @Test
    void fiveFailuresBlockForFifteenMinutes() {
        List<BruteForceDetector.Block> blocks = failures(5, MIN);
        assertEquals(1, blocks.size());
        assertEquals(4 * MIN, blocks.get(0).since());
        assertEquals(4 * MIN + 15 * MIN, blocks.get(0).until());
        assertEquals(5, blocks.get(0).failures());
    }

    @Test
    void aSixthFailureDuringTheBlockDoesNotBlockAgain() {
        assertEquals(1, failures(6, MIN).size());
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        // 5 failures 4 minutes apart span 16 minutes: never 5 inside one 15-minute window.
        assertEquals(0, failures(5, 4 * MIN).size());
        // 3.75 minutes apart: the first is 15 minutes old exactly at the fifth, so it has left the window.
        assertEquals(0, failures(5, 15 * MIN / 4).size());
    }

    @Test
    void anActorsSuccessForgetsOnlyItsOwnFailuresOnAnIp() {
        BruteForceDetector.State ip = BruteForceDetector.State.EMPTY;
        ip = detector.onAttempt(ip, 0, "alice", false).state();
        ip = detector.onAttempt(ip, 1, "alice", false).state();
        ip = detector.onAttempt(ip, 2, "bob", false).state();
        ip = detector.onAttempt(ip, 3, "bob", false).state();
        ip = detector.onAttempt(ip, 4, "alice", true).state(); // alice logs in: her 2 failures are forgiven
        assertEquals(2, ip.failures());
        BruteForceDetector.Step s = detector.onAttempt(ip, 5, "carol", false);
        assertNull(s.block());
        s = detector.onAttempt(s.state(), 6, "carol", false);
        s = detector.onAttempt(s.state(), 7, "carol", false);
        assertNotNull(s.block(), "bob 2 + carol 3 = 5 failures from this IP");
    }

    @Test
    void blockEndsAndStateEmptiesAfterExpiry() {
        BruteForceDetector.State state = BruteForceDetector.State.EMPTY;
        for (int i = 0; i < 5; i++) {
            state = detector.onAttempt(state, i, "alice", false).state();
        }
        assertEquals(4 + 15 * MIN, detector.nextChange(state));
        assertTrue(detector.evict(state, 4 + 15 * MIN).isEmpty());
    }
}
