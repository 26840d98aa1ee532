package com.neuronexus.streams.tools.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadGeneratorTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** 4 days cover every ledger violation; -Dgenerator.test.days=28 checks a full default run. */
    static final int DAYS = Integer.getInteger("generator.test.days", 4);
    static final int SKUS = 40;
    /** -Dgenerator.test.seed=S checks the guarantees for another seed. */
    static final long SEED = Long.getLong("generator.test.seed", 42);

    @TempDir
    static Path tmp;
    static Path dir;
    static JsonNode manifest;

    @BeforeAll
    static void generate() throws IOException {
        dir = tmp.resolve("a");
        assertEquals(0, GenerateCommand.run(new String[] {"--out", dir.toString(), "--days", "" + DAYS, "--skus", "" + SKUS,
            "--seed", "" + SEED, "--start", START.toString()}));
        manifest = Json.MAPPER.readTree(dir.resolve(BatchWriter.MANIFEST).toFile());
    }

    static List<String> lines(Topic topic) throws IOException {
        return Files.readAllLines(dir.resolve(topic.fileName()), StandardCharsets.UTF_8);
    }

    static Set<Long> malformedLines(Topic topic) {
        Set<Long> set = new HashSet<>();
        manifest.path("topics").path(topic.topicName()).path("malformed_lines").forEach(n -> set.add(n.get("line").asLong()));
        return set;
    }

    /** The valid events of a topic, parsed. */
    static List<JsonNode> valid(Topic topic) throws IOException {
        Set<Long> bad = malformedLines(topic);
        List<JsonNode> events = new ArrayList<>();
        List<String> lines = lines(topic);
        for (int i = 0; i < lines.size(); i++) {
            if (!bad.contains((long) i + 1)) {
                events.add(Json.readTree(lines.get(i)));
            }
        }
        return events;
    }

    static List<JsonNode> injections(String kind) {
        List<JsonNode> list = new ArrayList<>();
        manifest.path("injections").forEach(n -> {
            if (n.get("kind").asText().equals(kind)) {
                list.add(n);
            }
        });
        return list;
    }

    static Set<String> injectedEntities(String kind) {
        Set<String> set = new TreeSet<>();
        injections(kind).forEach(n -> set.add(n.get("entity").asText()));
        return set;
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        Path same = tmp.resolve("same");
        Path other = tmp.resolve("other");
        BatchWriter.write(same, SEED, SKUS, START, DAYS);
        BatchWriter.write(other, SEED + 1, SKUS, START, 1);
        List<String> files = new ArrayList<>(List.of(BatchWriter.MANIFEST));
        Emitter.INPUTS.forEach(t -> files.add(t.fileName()));
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(same.resolve(f)), f);
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(other.resolve(f))), f);
        }
    }

    @Test
    void everyValidLineFollowsTheContractAndEveryMalformedLineBreaksIt() throws IOException {
        Set<String> ids = new HashSet<>();
        Instant end = START.plus(Duration.ofDays(DAYS));
        for (Topic topic : Emitter.INPUTS) {
            Set<Long> bad = malformedLines(topic);
            assertTrue(bad.size() >= 4, topic + " has a few malformed messages");
            List<String> lines = lines(topic);
            Instant previous = START;
            for (int i = 0; i < lines.size(); i++) {
                String error = ContractCheck.validate(topic, lines.get(i));
                if (bad.contains((long) i + 1)) {
                    assertNotNull(error, topic + " line " + (i + 1) + " is listed as malformed but passes: " + lines.get(i));
                    continue;
                }
                assertNull(error, () -> topic + " line " + lines.get(0));
                JsonNode node = Json.readTree(lines.get(i));
                assertTrue(ids.add(node.get("event_id").asText()), "unique event_id " + node.get("event_id"));
                Instant ts = Instant.parse(node.get("ts").asText());
                assertFalse(ts.isBefore(previous), topic + " in event-time order at line " + (i + 1));
                assertTrue(ts.isBefore(end));
                previous = ts;
            }
        }
    }

    @Test
    void manifestCountsMatchTheFiles() throws IOException {
        for (Topic topic : Emitter.INPUTS) {
            JsonNode t = manifest.path("topics").path(topic.topicName());
            long lines = lines(topic).size();
            assertEquals(lines, t.get("lines").asLong());
            assertEquals(lines, t.get("valid").asLong() + t.get("malformed").asLong());
            assertEquals(t.get("malformed").asLong(), malformedLines(topic).size());
        }
        assertEquals(SEED, manifest.get("seed").asLong());
        assertEquals(DAYS, manifest.get("days").asInt());
        assertEquals(SKUS, manifest.get("skus").asInt());
        Map<String, Integer> counted = new TreeMap<>();
        manifest.path("injections").forEach(n -> counted.merge(n.get("kind").asText(), 1, Integer::sum));
        counted.forEach((kind, n) -> assertEquals(n, manifest.path("injection_counts").get(kind).asInt()));
    }

    @Test
    void annualValueIsParetoDistributed() throws IOException {
        for (long seed = 1; seed <= 5; seed++) {
            double share = BatchWriter.top20Share(new SkuCatalog(seed, 200));
            assertTrue(share > 0.6 && share < 0.9, "top 20 % of SKUs carry " + share + " of annual value");
        }
        // and the generated usage shows it too, after only a few days
        Map<String, Double> unitCost = new HashMap<>();
        for (SkuCatalog.Sku sku : new SkuCatalog(SEED, SKUS).all()) {
            unitCost.put(sku.id(), sku.unitCost());
        }
        Map<String, Double> value = new HashMap<>();
        for (JsonNode u : valid(Topic.INVENTORY_USAGE)) {
            value.merge(u.get("sku").asText(), u.get("qty").asDouble() * unitCost.get(u.get("sku").asText()), Double::sum);
        }
        double[] sorted = value.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double total = java.util.Arrays.stream(sorted).sum();
        double top = 0;
        for (int i = sorted.length - SKUS / 5; i < sorted.length; i++) {
            top += sorted[i];
        }
        assertTrue(top / total > 0.5, "realised top-20 % value share " + top / total);
        long intermittent = manifest.path("catalog").path("intermittent_skus").size();
        assertTrue(intermittent >= 3 && intermittent <= 15, "about 20 % intermittent: " + intermittent);
    }

    @Test
    void liveIteratorStartsAtItsInstantInOrderAndMatchesTheBoundedRun() {
        WorkloadGenerator generator = new WorkloadGenerator(42, SKUS);
        Iterator<GeneratedRecord> live = generator.live(START);
        Iterator<GeneratedRecord> bounded = new WorkloadGenerator(42, SKUS).bounded(START, DAYS);
        for (int i = 0; i < 20_000; i++) {
            assertEquals(bounded.next(), live.next());
        }
        Instant odd = Instant.parse("2026-03-04T13:37:11Z");
        Iterator<GeneratedRecord> later = new WorkloadGenerator(7, SKUS).live(odd);
        GeneratedRecord previous = null;
        int malformed = 0;
        Set<Topic> topics = new HashSet<>();
        for (int i = 0; i < 60_000; i++) {
            GeneratedRecord r = later.next();
            assertFalse(r.ts().isBefore(odd));
            if (previous != null) {
                assertTrue(Emitter.ORDER.compare(previous, r) < 0);
            }
            malformed += r.isMalformed() ? 1 : 0;
            topics.add(r.topic());
            previous = r;
        }
        assertEquals(7, topics.size(), "every input topic within the first hours");
        assertTrue(malformed >= 28, "all malformed kinds in the first minutes: " + malformed);
    }

    @Test
    void intensityScalesTheLiveRateToATarget() {
        double target = 0.85;
        double intensity = WorkloadGenerator.intensityFor(target, SKUS);
        WorkloadGenerator generator = new WorkloadGenerator(42, SKUS, intensity);
        assertEquals(target, generator.eventsPerSecond(), 1e-9);
        Iterator<GeneratedRecord> live = generator.live(START);
        Instant dayEnd = START.plus(Duration.ofDays(1));
        long events = 0;
        while (live.next().ts().isBefore(dayEnd)) {
            events++;
        }
        double perSecond = events / 86_400.0;
        assertTrue(Math.abs(perSecond - target) < 0.15 * target, "events/s " + perSecond + " for target " + target);
        assertEquals(1.0, WorkloadGenerator.intensityFor(0.01, SKUS));
    }

    @Test
    void stockCountsEqualTheStockPositionFormulaAndStockNeverGoesNegative() throws IOException {
        Map<String, Double> onHand = new HashMap<>();
        List<JsonNode> events = new ArrayList<>();
        events.addAll(valid(Topic.INVENTORY_STOCK));
        events.addAll(valid(Topic.INVENTORY_USAGE));
        events.sort(java.util.Comparator.comparing((JsonNode n) -> Instant.parse(n.get("ts").asText())));
        int counts = 0;
        int orders = 0;
        for (JsonNode e : events) {
            String sku = e.get("sku").asText();
            double qty = e.get("qty").asDouble();
            String type = e.has("type") ? e.get("type").asText() : "USAGE";
            switch (type) {
                case "COUNT" -> {
                    if (onHand.containsKey(sku)) {
                        assertEquals(onHand.get(sku), qty, 1e-9, "count of " + sku + " at " + e.get("ts"));
                        counts++;
                    }
                    onHand.put(sku, qty);
                }
                case "RECEIPT", "ADJUSTMENT" -> onHand.merge(sku, qty, Double::sum);
                case "USAGE" -> onHand.merge(sku, -qty, Double::sum);
                case "ORDER_PLACED" -> orders++;
                default -> { }
            }
            assertTrue(onHand.get(sku) == null || onHand.get(sku) >= 0, sku + " negative at " + e.get("ts"));
        }
        assertTrue(counts > 10, "periodic counts checked: " + counts);
        assertTrue(orders > 0, "orders placed");
        assertEquals(Set.copyOf(jsonTexts(manifest.path("catalog").path("skus_without_item_record"))),
                injectedEntities("SKU_WITHOUT_ITEM_RECORD"));
        Set<String> withItem = new HashSet<>();
        valid(Topic.INVENTORY_ITEMS).forEach(n -> withItem.add(n.get("sku").asText()));
        for (String sku : injectedEntities("SKU_WITHOUT_ITEM_RECORD")) {
            assertFalse(withItem.contains(sku));
        }
        assertEquals(SKUS - injectedEntities("SKU_WITHOUT_ITEM_RECORD").size(), withItem.size());
    }

    static double p95(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    @Test
    void metricSpikesAndShiftsStandOutFromTheirSeries() throws IOException {
        Map<String, List<JsonNode>> bySeries = new HashMap<>();
        valid(Topic.METRICS).forEach(e -> bySeries.computeIfAbsent(e.get("series").asText(), k -> new ArrayList<>()).add(e));
        assertEquals(Set.copyOf(MetricsWorkload.SERIES), bySeries.keySet());
        for (String kind : List.of("SPIKE", "LEVEL_SHIFT")) {
            assertEquals(DAYS, injections(kind).size(), kind);
            for (JsonNode w : injections(kind)) {
                Instant from = Instant.parse(w.get("start").asText());
                Instant to = Instant.parse(w.get("end").asText());
                double inside = 0;
                double outside = 0;
                int n = 0;
                int m = 0;
                for (JsonNode e : bySeries.get(w.get("entity").asText())) {
                    Instant ts = Instant.parse(e.get("ts").asText());
                    // compare with the same hours a day earlier, so the daily cycle does not blur the comparison
                    if (!ts.isBefore(from) && ts.isBefore(to)) {
                        inside += e.get("value").asDouble();
                        n++;
                    } else if (!ts.isBefore(from.minus(Duration.ofDays(1))) && ts.isBefore(to.minus(Duration.ofDays(1)))) {
                        outside += e.get("value").asDouble();
                        m++;
                    }
                }
                assertEquals(w.path("expected").get("samples").asInt(), n, kind + " samples");
                boolean baselineClean = true;
                for (String other : List.of("SPIKE", "LEVEL_SHIFT")) {
                    for (JsonNode o : injections(other)) {
                        baselineClean &= !(o.get("entity").equals(w.get("entity"))
                                && Instant.parse(o.get("start").asText()).isBefore(to.minus(Duration.ofDays(1)))
                                && Instant.parse(o.get("end").asText()).isAfter(from.minus(Duration.ofDays(1))));
                    }
                }
                if (m > 0 && baselineClean) {
                    assertTrue(inside / n > 1.3 * (outside / m), kind + " " + w + ": " + inside / n + " vs " + outside / m);
                }
            }
        }
    }

    static List<String> jsonTexts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @Test
    void ledgerViolatesEachInvariantExactlyWhereTheManifestSays() throws IOException {
        Map<String, Set<String>> found = LedgerCheck.violations(valid(Topic.LEDGER_EVENTS));
        for (LedgerWorkload.Violation v : LedgerWorkload.Violation.values()) {
            Set<String> expected = injectedEntities(v.name());
            assertFalse(expected.isEmpty(), v + " injected in " + DAYS + " days");
            assertEquals(expected, found.getOrDefault(v.name(), Set.of()), v.name());
            assertEquals(expected.size(), manifest.path("injection_counts").get(v.name()).asInt());
        }
        Set<String> kinds = new TreeSet<>();
        for (LedgerWorkload.Violation v : LedgerWorkload.Violation.values()) {
            kinds.add(v.name());
        }
        assertEquals(kinds, found.keySet(), "no other inconsistency (line totals, line counts, open sales, unknown customers)");
    }

    @Test
    void failedLoginBurstsAreTheOnlySubjectsWithFiveFailuresInFifteenMinutes() throws IOException {
        Map<String, List<Instant>> failures = new HashMap<>();
        List<JsonNode> preChained = new ArrayList<>();
        Map<String, String> firstOfChain = new HashMap<>();
        for (JsonNode e : valid(Topic.AUDIT_EVENTS)) {
            firstOfChain.putIfAbsent(e.get("chain").asText(), e.get("event_id").asText());
            if (e.has("row_hash")) {
                preChained.add(e);
            }
            if (e.get("action").asText().equals("login") && e.get("outcome").asText().equals("FAILURE")) {
                Instant ts = Instant.parse(e.get("ts").asText());
                failures.computeIfAbsent("actor:" + e.get("actor").asText(), k -> new ArrayList<>()).add(ts);
                failures.computeIfAbsent("ip:" + e.get("ip").asText(), k -> new ArrayList<>()).add(ts);
            }
        }
        Set<String> flagged = new TreeSet<>();
        failures.forEach((subject, times) -> {
            for (int i = 0; i + 4 < times.size(); i++) {
                if (Duration.between(times.get(i), times.get(i + 4)).compareTo(Duration.ofMinutes(15)) <= 0) {
                    flagged.add(subject);
                }
            }
        });
        Set<String> expected = new TreeSet<>();
        injectedEntities("FAILED_LOGIN_BURST_ACTOR").forEach(a -> expected.add("actor:" + a));
        injectedEntities("FAILED_LOGIN_BURST_IP").forEach(a -> expected.add("ip:" + a));
        assertEquals(DAYS, injections("FAILED_LOGIN_BURST_ACTOR").size() + injections("FAILED_LOGIN_BURST_IP").size());
        assertEquals(expected, flagged);

        assertEquals(1, preChained.size());
        JsonNode tampered = preChained.get(0);
        assertEquals("f".repeat(64), tampered.get("row_hash").asText());
        assertEquals("0".repeat(64), tampered.get("prev_hash").asText());
        JsonNode injection = injections("TAMPERED_RECORD").get(0);
        assertEquals(tampered.get("event_id").asText(), injection.path("expected").get("event_id").asText());
        assertEquals(firstOfChain.get(injection.get("entity").asText()), tampered.get("event_id").asText());
        assertTrue(firstOfChain.containsKey("default") && firstOfChain.containsKey("admin"));
    }

    @Test
    void errorBurstsAndSlowdownsShowOnlyInsideTheirWindows() throws IOException {
        Map<String, TreeMap<Long, int[]>> minutes = new HashMap<>(); // route -> minute -> {requests, 5xx}
        for (JsonNode e : valid(Topic.REQUEST_LATENCY)) {
            String route = e.get("service").asText() + " " + e.get("method").asText() + " " + e.get("route").asText();
            long minute = Instant.parse(e.get("ts").asText()).getEpochSecond() / 60;
            int[] c = minutes.computeIfAbsent(route, k -> new TreeMap<>()).computeIfAbsent(minute, k -> new int[2]);
            c[0]++;
            c[1] += e.get("status").asInt() >= 500 ? 1 : 0;
        }
        List<JsonNode> bursts = injections("ERROR_BURST");
        assertEquals(DAYS, bursts.size());
        Set<String> alarmed = new TreeSet<>();
        minutes.forEach((route, byMinute) -> byMinute.forEach((minute, c) -> {
            if (c[0] >= 20 && c[1] > 0.05 * c[0]) {
                boolean inside = false;
                for (JsonNode b : bursts) {
                    long from = Instant.parse(b.get("start").asText()).getEpochSecond() / 60;
                    long to = Instant.parse(b.get("end").asText()).getEpochSecond() / 60;
                    if (b.get("entity").asText().equals(route) && minute >= from && minute <= to) {
                        inside = true;
                        alarmed.add(b.get("start").asText());
                    }
                }
                assertTrue(inside, "error-rate alarm outside any injected burst: " + route + " minute " + minute);
            }
        }));
        assertEquals(bursts.size(), alarmed.size(), "every burst alarms");
        List<JsonNode> slowdowns = injections("SLOWDOWN");
        assertEquals(DAYS, slowdowns.size());
        List<JsonNode> latency = valid(Topic.REQUEST_LATENCY);
        for (JsonNode w : slowdowns) {
            Instant from = Instant.parse(w.get("start").asText());
            Instant to = Instant.parse(w.get("end").asText());
            List<Double> inside = new ArrayList<>();
            List<Double> before = new ArrayList<>();
            for (JsonNode e : latency) {
                String route = e.get("service").asText() + " " + e.get("method").asText() + " " + e.get("route").asText();
                Instant ts = Instant.parse(e.get("ts").asText());
                if (!route.equals(w.get("entity").asText())) {
                    continue;
                }
                if (!ts.isBefore(from) && ts.isBefore(to)) {
                    inside.add(e.get("latency_ms").asDouble());
                } else if (ts.isBefore(from) && slowdowns.stream().noneMatch(o -> o.get("entity").equals(w.get("entity"))
                        && !ts.isBefore(Instant.parse(o.get("start").asText())) && ts.isBefore(Instant.parse(o.get("end").asText())))) {
                    before.add(e.get("latency_ms").asDouble()); // baseline: earlier requests outside any slowdown
                }
            }
            assertEquals(w.path("expected").get("requests").asInt(), inside.size());
            assertTrue(p95(inside) > 2.5 * p95(before), "slowdown p95 " + p95(inside) + " vs " + p95(before));
        }
        long requests = latency.size();
        long serverErrors = latency.stream().filter(e -> e.get("status").asInt() >= 500).count();
        long burstErrors = bursts.stream().mapToLong(b -> b.path("expected").get("server_errors").asLong()).sum();
        double ordinaryRate = (serverErrors - burstErrors) / (double) requests;
        assertTrue(ordinaryRate > 0.003 && ordinaryRate < 0.01, "ordinary 5xx rate " + ordinaryRate);
    }
}
