package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.LatencyPane;
import com.neuronexus.streams.operators.ops.LatencyRules;
import com.neuronexus.streams.operators.ops.flink.LatencyAggregate;
import com.neuronexus.streams.operators.ops.flink.LatencyStatsTypeInfo;
import com.neuronexus.streams.operators.ops.flink.LatencyWindowFunction;
import com.neuronexus.streams.operators.ops.flink.RouteLatencyFunction;
import com.neuronexus.streams.operators.ops.flink.SlidingLatencyFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.junit.jupiter.api.Test;

/** Windows merged from tumbling panes equal Flink's own window operators' rows. */
class SlidingFromPanesTest {

    @Test
    void panesGiveTheSameRowsAsFlinksSlidingWindows() throws Exception {
        List<RequestLatencyEvent> events = events();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        KeyedStream<RequestLatencyEvent, String> byRoute = byRoute(env, events);
        TypeInformation<LatencyWindow> type = TypeInformation.of(LatencyWindow.class);
        SingleOutputStreamOperator<LatencyWindow> tumbling = byRoute.window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
                .aggregate(new LatencyAggregate(0.01), new LatencyWindowFunction(LatencyWindow.TUMBLING, true),
                        LatencyStatsTypeInfo.INSTANCE, LatencyStatsTypeInfo.INSTANCE, type);
        DataStream<LatencyWindow> fromPanes = tumbling.getSideOutput(LatencyWindowFunction.PANES)
                .keyBy(LatencyPane::key).process(new SlidingLatencyFunction(60_000, 10_000), type);
        DataStream<LatencyWindow> flinks = byRoute.window(SlidingEventTimeWindows.of(Duration.ofSeconds(60), Duration.ofSeconds(10)))
                .aggregate(new LatencyAggregate(0.01), new LatencyWindowFunction(LatencyWindow.SLIDING),
                        LatencyStatsTypeInfo.INSTANCE, LatencyStatsTypeInfo.INSTANCE, type);
        compare(fromPanes, flinks);
    }

    /** OpsJob's one function per route gives Flink's tumbling and sliding windows, row for row. */
    @Test
    void routeFunctionGivesTheSameRowsAsFlinksTumblingAndSlidingWindows() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        KeyedStream<RequestLatencyEvent, String> byRoute = byRoute(env, events());
        TypeInformation<LatencyWindow> type = TypeInformation.of(LatencyWindow.class);
        DataStream<LatencyWindow> route = byRoute.process(new RouteLatencyFunction(0.01, 10_000, 60_000,
                LatencyRules.Config.defaults(), Duration.ofDays(2).toMillis(), DetectorConfig.defaults()), type);
        DataStream<LatencyWindow> flinks = byRoute.window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
                .aggregate(new LatencyAggregate(0.01), new LatencyWindowFunction(LatencyWindow.TUMBLING),
                        LatencyStatsTypeInfo.INSTANCE, LatencyStatsTypeInfo.INSTANCE, type)
                .union(byRoute.window(SlidingEventTimeWindows.of(Duration.ofSeconds(60), Duration.ofSeconds(10)))
                        .aggregate(new LatencyAggregate(0.01), new LatencyWindowFunction(LatencyWindow.SLIDING),
                                LatencyStatsTypeInfo.INSTANCE, LatencyStatsTypeInfo.INSTANCE, type));
        compare(route, flinks);
    }

    private static List<RequestLatencyEvent> events() {
        Random random = new Random(3);
        List<RequestLatencyEvent> events = new ArrayList<>();
        long t0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        for (int i = 0; i < 3000; i++) {
            long ts = t0 + i * 173L + random.nextInt(800); // out of order, gaps, repeats
            String route = random.nextInt(3) == 0 ? "/b" : "/a";
            if (route.equals("/b") && i > 1000 && i < 1600) {
                continue; // /b goes quiet for a while: empty panes and windows
            }
            events.add(new RequestLatencyEvent("e" + i, Instant.ofEpochMilli(ts), "api", route, "GET",
                    random.nextInt(20) == 0 ? 503 : 200, Math.exp(3 + random.nextGaussian())));
        }
        return events;
    }

    private static KeyedStream<RequestLatencyEvent, String> byRoute(StreamExecutionEnvironment env, List<RequestLatencyEvent> events) {
        DataStream<RequestLatencyEvent> source = env.fromData(events, TypeInformation.of(RequestLatencyEvent.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<RequestLatencyEvent>forBoundedOutOfOrderness(Duration.ofSeconds(1))
                        .withTimestampAssigner((e, previous) -> e.ts().toEpochMilli()));
        return source.keyBy(e -> LatencyAggregate.key(e.service(), e.route()));
    }

    private static void compare(DataStream<LatencyWindow> fromPanes, DataStream<LatencyWindow> flinks) throws Exception {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        fromPanes.map(w -> "P" + Json.toText(w)).union(flinks.map(w -> "F" + Json.toText(w)))
                .executeAndCollect("sliding-equivalence").forEachRemaining(s -> (s.charAt(0) == 'P' ? a : b).add(s.substring(1)));
        a.sort(null);
        b.sort(null);
        assertEquals(b.size(), a.size());
        org.junit.jupiter.api.Assertions.assertTrue(a.size() > 50, "windows compared: " + a.size());
        for (int i = 0; i < a.size(); i++) {
            LatencyWindow x = Json.MAPPER.readValue(a.get(i), LatencyWindow.class);
            LatencyWindow y = Json.MAPPER.readValue(b.get(i), LatencyWindow.class);
            assertEquals(y.windowStart(), x.windowStart());
            assertEquals(y.windowKind(), x.windowKind());
            assertEquals(y.windowEnd(), x.windowEnd());
            assertEquals(y.route(), x.route());
            assertEquals(y.requestCount(), x.requestCount());
            assertEquals(y.serverErrors(), x.serverErrors());
            assertEquals(y.p50Ms(), x.p50Ms(), 0.0);
            assertEquals(y.p95Ms(), x.p95Ms(), 0.0);
            assertEquals(y.p99Ms(), x.p99Ms(), 0.0);
            assertEquals(y.maxMs(), x.maxMs(), 0.0);
            assertEquals(y.meanMs(), x.meanMs(), 1e-9 * y.meanMs());
        }
    }
}
