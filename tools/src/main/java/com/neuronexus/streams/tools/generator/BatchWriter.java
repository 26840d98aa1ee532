package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a bounded workload as one {@code <topic>.jsonl} per input topic (in event-time order) and a
 * {@code manifest.json} of what was generated and injected: counts per topic, the line numbers of malformed
 * messages, and every injected anomaly, burst, violation and tampered record with its truth.
 */
public final class BatchWriter {
    public static final String MANIFEST = "manifest.json";

    /** What a batch run produced, for the command's summary. */
    public record Summary(Map<Topic, Long> lines, Map<Topic, Long> malformed, int injections) {}

    private BatchWriter() {}

    public static Summary write(Path dir, long seed, int skus, Instant start, int days) throws IOException {
        return write(dir, seed, skus, start, days, 1.0);
    }

    /** @param intensity multiplies the request-latency traffic, see {@link WorkloadGenerator#WorkloadGenerator(long, int, double)} */
    public static Summary write(Path dir, long seed, int skus, Instant start, int days, double intensity) throws IOException {
        Files.createDirectories(dir);
        WorkloadGenerator generator = new WorkloadGenerator(seed, skus, intensity);
        Map<Topic, BufferedWriter> writers = new EnumMap<>(Topic.class);
        Map<Topic, Long> lines = new EnumMap<>(Topic.class);
        Map<Topic, Long> malformed = new EnumMap<>(Topic.class);
        Map<Topic, ArrayNode> malformedLines = new EnumMap<>(Topic.class);
        try {
            for (Topic topic : Emitter.INPUTS) {
                writers.put(topic, Files.newBufferedWriter(dir.resolve(topic.fileName()), StandardCharsets.UTF_8));
                lines.put(topic, 0L);
                malformed.put(topic, 0L);
                malformedLines.put(topic, Json.MAPPER.createArrayNode());
            }
            Iterator<GeneratedRecord> records = generator.bounded(start, days);
            while (records.hasNext()) {
                GeneratedRecord r = records.next();
                BufferedWriter w = writers.get(r.topic());
                w.write(r.value());
                w.write('\n');
                long line = lines.merge(r.topic(), 1L, Long::sum);
                if (r.isMalformed()) {
                    malformed.merge(r.topic(), 1L, Long::sum);
                    ObjectNode entry = malformedLines.get(r.topic()).addObject();
                    entry.put("line", line);
                    entry.put("kind", r.malformedKind());
                    entry.put("ts", r.ts().toString());
                }
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }

        ObjectNode manifest = Json.newObject();
        manifest.put("generator", "nexus-workload/1");
        manifest.put("seed", seed);
        manifest.put("days", days);
        manifest.put("skus", skus);
        if (intensity != 1.0) { // left out at the documented volume, so default manifests keep their bytes
            manifest.put("request_intensity", intensity);
        }
        manifest.put("start", start.toString());
        manifest.put("end", start.plus(Duration.ofDays(days)).toString());
        manifest.put("event_id_tag", WorkloadGenerator.runTag(seed, start));
        ObjectNode topics = manifest.putObject("topics");
        for (Topic topic : Emitter.INPUTS) {
            ObjectNode t = topics.putObject(topic.topicName());
            t.put("file", topic.fileName());
            t.put("lines", lines.get(topic));
            t.put("valid", lines.get(topic) - malformed.get(topic));
            t.put("malformed", malformed.get(topic));
            t.set("malformed_lines", malformedLines.get(topic));
        }

        SkuCatalog catalog = generator.catalog();
        ObjectNode cat = manifest.putObject("catalog");
        cat.put("pareto_alpha", SkuCatalog.PARETO_ALPHA);
        cat.put("top20_annual_value_share", Math.round(top20Share(catalog) * 10_000) / 10_000.0);
        ArrayNode intermittent = cat.putArray("intermittent_skus");
        ArrayNode withoutItem = cat.putArray("skus_without_item_record");
        for (SkuCatalog.Sku sku : catalog.all()) {
            if (sku.intermittent()) {
                intermittent.add(sku.id());
            }
            if (!sku.hasItemRecord()) {
                withoutItem.add(sku.id());
            }
        }

        List<Injection> injections = new ArrayList<>(generator.injections());
        injections.sort(Comparator.comparing(Injection::start).thenComparing(Injection::kind).thenComparing(Injection::entity));
        Map<String, Integer> byKind = new TreeMap<>();
        ArrayNode list = manifest.putArray("injections");
        for (Injection i : injections) {
            byKind.merge(i.kind(), 1, Integer::sum);
            ObjectNode n = list.addObject();
            n.put("kind", i.kind());
            n.put("topic", i.topic());
            n.put("entity", i.entity());
            n.put("start", i.start().toString());
            if (i.end() != null) {
                n.put("end", i.end().toString());
            }
            n.set("expected", Json.MAPPER.valueToTree(i.expected()));
        }
        ObjectNode counts = Json.newObject();
        byKind.forEach(counts::put);
        manifest.set("injection_counts", counts);

        Files.writeString(dir.resolve(MANIFEST),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
        return new Summary(lines, malformed, injections.size());
    }

    /** Share of the total annual usage value carried by the top 20 % of SKUs. */
    static double top20Share(SkuCatalog catalog) {
        double[] values = catalog.all().stream().mapToDouble(SkuCatalog.Sku::annualValue).sorted().toArray();
        double total = 0;
        double top = 0;
        int topCount = Math.max(1, (int) Math.round(values.length * 0.2));
        for (int i = 0; i < values.length; i++) {
            total += values[i];
            if (i >= values.length - topCount) {
                top += values[i];
            }
        }
        return top / total;
    }
}
