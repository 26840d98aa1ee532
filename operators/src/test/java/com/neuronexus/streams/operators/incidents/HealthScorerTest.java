package com.neuronexus.streams.operators.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.json.Json;
import org.junit.jupiter.api.Test;

class HealthScorerTest {

    final HealthScorer scorer = new HealthScorer(HealthRules.defaults());

    @Test
    void unknownInputsGiveFullMarksAndSaySo() {
        HealthScorer.Result r = scorer.score(HealthInputs.unknown());
        assertEquals(100.0, r.score());
        assertEquals("A", r.grade());
        assertTrue(r.deployAllowed());
        assertFalse(Json.readTree(r.componentsJson()).get("integrity").get("known").asBoolean());
    }

    @Test
    void componentsFollowTheBands() {
        // drift 50 -> 15; error 4 % -> 10; p95 800 ms -> 8; one P1 + one P2 + one P3 -> 3; backup 30 h -> 5; 1 pending -> 0
        HealthScorer.Result r = scorer.score(new HealthInputs(50.0, 0.04, 800.0, 1, 1, 1, 2, 30 * 3600.0, 1.0));
        assertEquals(41.0, r.score());
        assertEquals("D", r.grade());
        var c = Json.readTree(r.componentsJson());
        assertEquals(15.0, c.get("integrity").get("points").asDouble());
        assertEquals(10.0, c.get("error_rate").get("points").asDouble());
        assertEquals(8.0, c.get("latency").get("points").asDouble());
        assertEquals(3.0, c.get("incidents").get("points").asDouble());
        assertEquals(5.0, c.get("backup").get("points").asDouble());
        assertEquals(0.0, c.get("migrations").get("points").asDouble());
        assertFalse(r.deployAllowed());
    }

    @Test
    void incidentsNeverGoBelowZeroAndGradeFBelow40() {
        HealthScorer.Result r = scorer.score(new HealthInputs(30.0, 0.2, 5000.0, 3, 0, 0, 0, 100 * 3600.0, 2.0));
        // 9 + 0 + 0 + 0 + 0 + 0
        assertEquals(9.0, r.score());
        assertEquals("F", r.grade());
    }

    @Test
    void gradeBoundaries() {
        assertEquals("A", HealthScorer.grade(90));
        assertEquals("B", HealthScorer.grade(89.99));
        assertEquals("B", HealthScorer.grade(80));
        assertEquals("C", HealthScorer.grade(65));
        assertEquals("D", HealthScorer.grade(40));
        assertEquals("F", HealthScorer.grade(39.99));
    }

    @Test
    void bandEdges() {
        assertEquals(20, HealthScorer.errorRatePoints(0.01));
        assertEquals(15, HealthScorer.errorRatePoints(0.03));
        assertEquals(0, HealthScorer.errorRatePoints(0.11));
        assertEquals(15, HealthScorer.latencyPoints(250.0));
        assertEquals(12, HealthScorer.latencyPoints(251.0));
        assertEquals(0, HealthScorer.latencyPoints(2001.0));
        assertEquals(10, HealthScorer.backupPoints(26 * 3600.0));
        assertEquals(0, HealthScorer.backupPoints(51 * 3600.0));
    }

    @Test
    void gatesEachBlockDeployment() {
        assertFalse(scorer.score(new HealthInputs(null, null, null, 1, 0, 0, 0, null, null)).deployAllowed());
        assertFalse(scorer.score(new HealthInputs(84.9, null, null, 0, 0, 0, 0, null, null)).deployAllowed());
        assertTrue(scorer.score(new HealthInputs(85.0, 0.03, null, 0, 3, 0, 0, null, null)).deployAllowed());
        HealthScorer.Result r = scorer.score(new HealthInputs(100.0, 0.031, null, 0, 0, 0, 0, null, null));
        assertFalse(r.deployAllowed());
        var gates = Json.readTree(r.gatesJson());
        assertFalse(gates.get("error_rate_ok").asBoolean());
        assertTrue(gates.get("no_open_p1").asBoolean());
    }
}
