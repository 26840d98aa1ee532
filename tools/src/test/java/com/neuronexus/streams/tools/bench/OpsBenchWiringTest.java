package com.neuronexus.streams.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.core.settings.OpsSettings;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.OpsJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

/** How the ops job reads its inputs, and the bench's output floor. */
class OpsBenchWiringTest {
    private static RecordingTopicIo wiring(Settings settings) {
        RecordingTopicIo io = new RecordingTopicIo(new KafkaTopicIo(settings, "ops"));
        new OpsJob(settings, io).build(StreamExecutionEnvironment.getExecutionEnvironment());
        return io;
    }

    @Test
    void bothInputsAreReadAlignedWhateverTheWindows() {
        // keyed state waits for the slowest reader's watermark (route panes, detector samples): alignment bounds
        // how far any other reader runs ahead of it while a backlog is read
        RecordingTopicIo defaults = wiring(Settings.defaults().with(PlatformSettings.JDBC_ENABLED, false));
        assertEquals(Set.of(Topic.REQUEST_LATENCY, Topic.METRICS), defaults.reads);
        assertEquals(Set.of(Topic.REQUEST_LATENCY, Topic.METRICS), defaults.alignedReads);
        RecordingTopicIo otherSlide = wiring(Settings.defaults().with(PlatformSettings.JDBC_ENABLED, false)
                .with(OpsSettings.SLIDE_SECONDS, 5));
        assertEquals(Set.of(Topic.REQUEST_LATENCY, Topic.METRICS), otherSlide.alignedReads);
    }

    @Test
    void theFloorWritesTheGivenRecordsPerEventCarryingTheFraction() throws Exception {
        OpsOutputFloorJob.Copies<RequestLatencyEvent> requests = new OpsOutputFloorJob.Copies<>(2.59);
        OpsOutputFloorJob.Copies<MetricSample> metrics = new OpsOutputFloorJob.Copies<>(2.59);
        List<LatencyWindow> out = new ArrayList<>();
        ListCollector<LatencyWindow> collector = new ListCollector<>(out);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            requests.flatMap(new RequestLatencyEvent("r" + i, t.plusSeconds(i), "svc", "/r", "GET", 200, 12.5), collector);
            metrics.flatMap(new MetricSample("m" + i, t.plusSeconds(i), "cpu", 0.5), collector);
        }
        // 1000 × 2.59 = 2590 per function (the carried fraction may leave one short to rounding)
        assertTrue(out.size() >= 2 * 2589 && out.size() <= 2 * 2590, "records: " + out.size());
        assertTrue(out.stream().allMatch(w -> w.windowKind().equals(LatencyWindow.SLIDING) && w.p50Ms() > 0));
        assertThrows(IllegalArgumentException.class, () -> new OpsOutputFloorJob(Settings.defaults(), null, Double.NaN));
    }
}
