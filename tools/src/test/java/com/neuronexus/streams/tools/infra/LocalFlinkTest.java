package com.neuronexus.streams.tools.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Three jobs on one local cluster: Kafka in and out, RocksDB state, a restart, Prometheus on loopback. */
class LocalFlinkTest {

    private static final List<String> INPUT = List.of("apple", "banana", "apple", "cherry", "apple");

    @Test
    void runsSeveralKafkaJobsOnOneLoopbackClusterAndReportsRestarts() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             LocalFlink flink = LocalFlink.builder()
                     .stateBackend(LocalFlink.StateBackend.ROCKSDB)
                     .checkpointInterval(Duration.ofSeconds(1))
                     .slotsPerTaskManager(3)
                     .prometheusPort(0)
                     .start()) {
            kafka.createTopics(List.of("t.in", "t.upper", "t.counts", "t.flaky"), 1);
            produce(kafka, "t.in", INPUT);

            JobClient upper = flink.submit(upperJob(flink.environment(), kafka.bootstrapServers()), "upper");
            JobClient counts = flink.submit(countJob(flink.environment(), kafka.bootstrapServers()), "counts");
            flink.awaitRunning(upper.getJobID(), Duration.ofSeconds(60));
            flink.awaitRunning(counts.getJobID(), Duration.ofSeconds(60));
            JobClient flaky = flink.submit(flakyJob(flink.environment(), kafka.bootstrapServers()), "flaky");

            assertEquals(List.of("APPLE", "BANANA", "APPLE", "CHERRY", "APPLE"),
                    consume(kafka, "t.upper", INPUT.size()));
            // keyed running count kept in RocksDB: the third apple has seen two before it
            assertEquals(List.of("apple=1", "banana=1", "apple=2", "cherry=1", "apple=3"),
                    consume(kafka, "t.counts", INPUT.size()));

            // the flaky job fails on its first record once, is restarted, then delivers everything
            assertTrue(consume(kafka, "t.flaky", INPUT.size()).containsAll(INPUT));
            String flakyId = flaky.getJobID().toString();
            assertEquals(1, awaitRestarts(flink, flakyId, 1));
            assertTrue(flink.lastFailure(flakyId).orElseThrow().contains("injected failure"),
                    flink.lastFailure(flakyId).toString());

            List<LocalFlink.JobSummary> jobs = flink.jobs();
            assertEquals(List.of("counts", "flaky", "upper"), jobs.stream().map(LocalFlink.JobSummary::name).toList());
            assertTrue(jobs.stream().allMatch(LocalFlink.JobSummary::isRunning), jobs.toString());
            assertEquals(List.of(0L, 1L, 0L), jobs.stream().map(LocalFlink.JobSummary::restarts).toList());

            String metrics = httpGet(flink.prometheusUrl().orElseThrow());
            assertTrue(metrics.contains("flink_jobmanager_numRunningJobs"), "Prometheus endpoint serves Flink metrics");
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("flink_taskmanager_job_task_numRecordsIn")
                    && l.contains("job_name=\"upper\"")), "task metrics of the jobs are there too");
            assertTrue(httpGet(flink.dashboardUrl()).contains("<html"), "dashboard is served");

            assertListeningOnLoopbackOnly(kafka, flink);
        }
    }

    private static void assertListeningOnLoopbackOnly(EmbeddedKafka kafka, LocalFlink flink) {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        List<ListeningSockets.Listener> all = ListeningSockets.ofThisJvm();
        List<Integer> ports = all.stream().map(ListeningSockets.Listener::port).toList();
        assertTrue(ports.contains(kafka.port()), "Kafka listener found in " + all);
        assertTrue(ports.contains(kafka.controllerPort()), "Kafka controller found in " + all);
        assertTrue(ports.contains(flink.restPort()), "REST listener found in " + all);
        int promPort = URI.create(flink.prometheusUrl().orElseThrow()).getPort();
        assertTrue(ports.contains(promPort), "Prometheus listener found in " + all);
        assertEquals(List.of(), ListeningSockets.nonLoopback(), "every listener is on loopback: " + all);
    }

    private static StreamExecutionEnvironment upperJob(StreamExecutionEnvironment env, String bootstrap) {
        env.fromSource(source(bootstrap, "upper"), WatermarkStrategy.noWatermarks(), "in").uid("in").name("in")
                .map(String::toUpperCase).uid("upper").name("upper")
                .sinkTo(sink(bootstrap, "t.upper")).uid("out").name("out");
        return env;
    }

    private static StreamExecutionEnvironment countJob(StreamExecutionEnvironment env, String bootstrap) {
        env.fromSource(source(bootstrap, "counts"), WatermarkStrategy.noWatermarks(), "in").uid("in").name("in")
                .keyBy(v -> v)
                .process(new RunningCount()).uid("count").name("count")
                .sinkTo(sink(bootstrap, "t.counts")).uid("out").name("out");
        return env;
    }

    /** Passes records through but throws once, on the very first record this JVM sees. */
    private static StreamExecutionEnvironment flakyJob(StreamExecutionEnvironment env, String bootstrap) {
        env.fromSource(source(bootstrap, "flaky"), WatermarkStrategy.noWatermarks(), "in").uid("in").name("in")
                .map(new FailOnce()).uid("fail-once").name("fail-once")
                .sinkTo(sink(bootstrap, "t.flaky")).uid("out").name("out");
        return env;
    }

    static final class FailOnce implements MapFunction<String, String> {
        // static: the MiniCluster runs in this JVM and loads job classes from the application class path
        private static final AtomicBoolean FAILED = new AtomicBoolean();

        @Override
        public String map(String value) {
            if (FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return value;
        }
    }

    /** Emits {@code value=n}, n being how many times the value has been seen (keyed state). */
    static final class RunningCount extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<Long> seen;

        @Override
        public void open(OpenContext ctx) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Long.class));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            long n = seen.value() == null ? 1 : seen.value() + 1;
            seen.update(n);
            out.collect(value + "=" + n);
        }
    }

    private static KafkaSource<String> source(String bootstrap, String group) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics("t.in")
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
    }

    private static KafkaSink<String> sink(String bootstrap, String topic) {
        return KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .build();
    }

    private static void produce(EmbeddedKafka kafka, String topic, List<String> values) throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get();
            }
        }
    }

    private static List<String> consume(EmbeddedKafka kafka, String topic, int expected) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static long awaitRestarts(LocalFlink flink, String jobId, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long restarts = flink.restarts(jobId);
        while (restarts < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            restarts = flink.restarts(jobId);
        }
        return restarts;
    }

    private static String httpGet(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
