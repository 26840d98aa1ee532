package com.neuronexus.streams.tools.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Kafka 4 cluster in this JVM: one KRaft process acting as broker and controller
 * (combined mode), listening on 127.0.0.1 only, with its log directory in a temporary folder that is
 * deleted on {@link #close()}.
 *
 * <p>Built from {@link KafkaConfig} + {@link KafkaRaftServer} directly rather than Kafka's
 * {@code KafkaClusterTestKit}, which pre-binds its sockets on 0.0.0.0.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Path logDir, int brokerPort, int controllerPort, KafkaRaftServer server) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.server = server;
    }

    /** Starts a broker on a free loopback port. */
    public static EmbeddedKafka start() {
        return start(0, Map.of());
    }

    /**
     * Starts a broker.
     *
     * @param port the PLAINTEXT port on 127.0.0.1, or 0 for a free one
     * @param overrides extra broker settings (e.g. {@code transaction.max.timeout.ms}); they win over ours
     */
    public static EmbeddedKafka start(int port, Map<String, String> overrides) {
        Path dir;
        try {
            dir = Files.createTempDirectory("nexus-kafka-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a Kafka log directory", e);
        }
        try {
            int brokerPort = port > 0 ? port : FreePorts.pick();
            int controllerPort = FreePorts.pickOtherThan(brokerPort);
            Properties props = brokerProperties(dir, brokerPort, controllerPort);
            overrides.forEach(props::setProperty);
            KafkaConfig config = new KafkaConfig(props, false);

            format(dir);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            EmbeddedKafka kafka = new EmbeddedKafka(dir, brokerPort, controllerPort, server);
            try {
                server.startup();
                kafka.awaitReady(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                kafka.close(); // stops the threads started so far, then deletes the directory
                throw e;
            }
            return kafka;
        } catch (RuntimeException e) {
            Dirs.deleteQuietly(dir);
            throw e;
        }
    }

    private static Properties brokerProperties(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        // Static quorum of one voter: no dynamic-quorum bootstrap needed for a single node.
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        // Explicit host on every listener: an empty host would mean all interfaces.
        p.setProperty("listeners",
                "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dir.toString());

        // One node: every internal topic has a single replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        // Consumers join at once instead of waiting 3 s for more members.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics come from the contract only: a typo in a topic name must fail, not create a topic.
        p.setProperty("auto.create.topics.enable", "false");
        // Outputs carry their event time as the Kafka timestamp, so replayed history (older than the default
        // 7 days) would be deleted by the first retention check, 30 s after startup. Keep everything.
        p.setProperty("log.retention.ms", "-1");
        // Lighter threads for a laptop-sized sandbox.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        return p;
    }

    private static void format(Path dir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dir.toString()) // metadata.log.dir defaults to the first log dir
                    .addDirectory(dir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + dir, e);
        }
    }

    /** Waits until the broker answers metadata requests and has registered with the controller. */
    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get().isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Pause.millis(100);
        }
        throw new IllegalStateException("Kafka broker did not become ready in " + timeout, last);
    }

    /** {@code 127.0.0.1:PORT} for clients. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + brokerPort;
    }

    public int port() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The temporary log directory (deleted on close). */
    public Path logDir() {
        return logDir;
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return Admin.create(p);
    }

    /** Creates the topics (one replica each); topics that already exist are left as they are. */
    public void createTopics(Collection<String> names, int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        try (Admin admin = admin()) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            awaitTopicsVisible(admin, Set.copyOf(names));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    public void createTopics(Collection<String> names) {
        createTopics(names, 1);
    }

    /**
     * createTopics returns when the controller accepts them; wait until the broker's metadata has them too, with a
     * leader for every partition. A producer that writes before that gets NOT_LEADER_OR_FOLLOWER, and once (in a
     * CI run) its idempotent retries then met OUT_OF_ORDER_SEQUENCE_NUMBER for good.
     */
    private static void awaitTopicsVisible(Admin admin, Set<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (admin.listTopics().names().get().containsAll(names)
                        && admin.describeTopics(names).allTopicNames().get().values().stream()
                                .flatMap(t -> t.partitions().stream())
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // transient while metadata propagates; retry
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("topics not visible after 30 s: " + names);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            Dirs.deleteQuietly(logDir);
        }
    }
}
