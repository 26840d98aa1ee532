package com.neuronexus.streams.tools.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A local Flink cluster in this JVM (a {@link MiniCluster}) with the web dashboard, shared by several jobs.
 *
 * <p>Every socket it opens is on 127.0.0.1: REST/dashboard, RPC, BlobServer, the TaskManager data port
 * and the optional Prometheus endpoint ({@link LoopbackPrometheusReporter}; Flink's own Prometheus
 * reporter has no host option and would bind every interface).
 *
 * <p>Jobs are submitted the way a real session cluster receives them: {@link #environment()} is a remote
 * environment pointed at the REST port, so {@code env.executeAsync(name)} goes through the same REST
 * submission path as {@code flink run}. The job classes are on this JVM's classpath, so no jar is shipped.
 */
public final class LocalFlink implements AutoCloseable {

    public static final String LOOPBACK = "127.0.0.1";

    /** Where keyed state lives while a job runs. */
    public enum StateBackend {
        /** Off-heap, spills to local disk, incremental checkpoints: the production choice. */
        ROCKSDB("rocksdb"),
        /** On the JVM heap: fastest for small state and tests. */
        HASHMAP("hashmap");

        private final String configValue;

        StateBackend(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }
    }

    /** A job as the cluster sees it. {@code restarts} is Flink's {@code numRestarts} job metric. */
    public record JobSummary(String jobId, String name, String state, long restarts) {
        public boolean isRunning() {
            return "RUNNING".equals(state);
        }

        public boolean isTerminal() {
            return switch (state) {
                case "FINISHED", "CANCELED", "FAILED" -> true;
                default -> false;
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MiniCluster miniCluster;
    private final Configuration jobConfig;
    private final int restPort;
    private final int parallelism;
    private final int prometheusPort;
    private final Path workDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private boolean closed;

    private LocalFlink(MiniCluster miniCluster, Configuration jobConfig, int restPort, int parallelism,
                       int prometheusPort, Path workDir) {
        this.miniCluster = miniCluster;
        this.jobConfig = jobConfig;
        this.restPort = restPort;
        this.parallelism = parallelism;
        this.prometheusPort = prometheusPort;
        this.workDir = workDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of the local cluster; every one has a laptop-friendly default. */
    public static final class Builder {
        private int restPort = 0;
        private int taskManagers = 1;
        private int slotsPerTaskManager = 4;
        private int parallelism = 1;
        private StateBackend stateBackend = StateBackend.HASHMAP;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private int prometheusPort = -1;
        private String managedMemory = "256m";
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder() {
        }

        /** REST/dashboard port on 127.0.0.1; 0 picks a free one. */
        public Builder restPort(int port) {
            this.restPort = port;
            return this;
        }

        public Builder taskManagers(int count) {
            this.taskManagers = count;
            return this;
        }

        /** Slots per TaskManager: a job of parallelism p takes p slots, so size this for all jobs together. */
        public Builder slotsPerTaskManager(int slots) {
            this.slotsPerTaskManager = slots;
            return this;
        }

        /** Default parallelism of submitted jobs. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder stateBackend(StateBackend backend) {
            this.stateBackend = backend;
            return this;
        }

        /** Checkpoint interval of submitted jobs; {@code null} or zero disables checkpointing. */
        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        /** Serve Prometheus metrics on 127.0.0.1:port (0 = a free port); negative (default) = off. */
        public Builder prometheusPort(int port) {
            this.prometheusPort = port;
            return this;
        }

        /** Managed memory of each TaskManager (RocksDB lives there), e.g. {@code 256m}. */
        public Builder managedMemory(String size) {
            this.managedMemory = size;
            return this;
        }

        /** Any other Flink option, for the cluster and the jobs; wins over the settings above. */
        public Builder set(String key, String value) {
            extra.put(key, value);
            return this;
        }

        public LocalFlink start() {
            Path workDir;
            try {
                workDir = Files.createTempDirectory("nexus-flink-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a Flink work directory", e);
            }
            int rest = restPort > 0 ? restPort : FreePorts.pick();
            int prom = prometheusPort == 0 ? FreePorts.pickOtherThan(rest) : prometheusPort;

            Configuration config = com.neuronexus.streams.connectors.io.LoopbackConfig.create();
            config.setString("rest.port", Integer.toString(rest));
            config.setString("rest.bind-port", Integer.toString(rest));
            config.setString("taskmanager.memory.managed.size", managedMemory);
            config.setString("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
            config.setString("parallelism.default", Integer.toString(parallelism));
            config.setString("io.tmp.dirs", workDir.resolve("tmp").toString());
            config.setString("web.upload.dir", workDir.resolve("upload").toString());
            config.setString("web.submit.enable", "true");
            // The REST API serves metrics from a cache refreshed every 10 s by default: too stale for
            // progress lines every 5 s and for noticing a restart.
            config.setString("metrics.fetcher.update-interval", "1 s");
            // Jobs are submitted to this cluster: state and checkpoint settings are part of each job's config.
            Configuration jobs = new Configuration();
            jobs.setString("state.backend.type", stateBackend.configValue());
            jobs.setString("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
            jobs.setString("execution.checkpointing.incremental",
                    Boolean.toString(stateBackend == StateBackend.ROCKSDB));
            if (stateBackend == StateBackend.ROCKSDB) {
                ClusterRocksDbOptions.applyTo(jobs);
            }
            if (checkpointInterval != null && !checkpointInterval.isZero()) {
                jobs.setString("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
            }
            jobs.setString("parallelism.default", Integer.toString(parallelism));
            config.addAll(jobs);
            if (prom >= 0) {
                config.setString("metrics.reporters", "nexusprom");
                config.setString("metrics.reporter.nexusprom.factory.class",
                        LoopbackPrometheusReporterFactory.class.getName());
                config.setString("metrics.reporter.nexusprom." + LoopbackPrometheusReporterFactory.PORT, Integer.toString(prom));
            }
            extra.forEach(config::setString);
            extra.forEach(jobs::setString);

            MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                    .setConfiguration(config)
                    .setNumTaskManagers(taskManagers)
                    .setNumSlotsPerTaskManager(slotsPerTaskManager)
                    .setCommonBindAddress(LOOPBACK)
                    .build();
            MiniCluster cluster = new MiniCluster(clusterConfig);
            try {
                cluster.start();
                int boundRest = cluster.getRestAddress().get(30, TimeUnit.SECONDS).getPort();
                return new LocalFlink(cluster, jobs, boundRest, parallelism, prom, workDir);
            } catch (Exception e) {
                cluster.closeAsync();
                Dirs.deleteQuietly(workDir);
                throw new IllegalStateException("cannot start the local Flink cluster", e);
            }
        }
    }

    /**
     * A fresh environment for one job, bound to this cluster with the cluster's state-backend, checkpoint
     * and parallelism settings. Build the job on it, then call {@code executeAsync(name)}.
     */
    public StreamExecutionEnvironment environment() {
        return environment(new Configuration());
    }

    /**
     * As {@link #environment()}, with job options on top, e.g. {@code StateRecoveryOptions.SAVEPOINT_PATH}
     * to start the job from a savepoint or retained checkpoint.
     */
    public StreamExecutionEnvironment environment(Configuration overrides) {
        Configuration clientConfig = new Configuration(jobConfig);
        clientConfig.addAll(overrides);
        clientConfig.setString("rest.address", LOOPBACK);
        clientConfig.setString("rest.port", Integer.toString(restPort));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                LOOPBACK, restPort, clientConfig);
        env.setParallelism(parallelism);
        return env;
    }

    /** Submits the job built on {@code env} without waiting for it to finish. */
    public JobClient submit(StreamExecutionEnvironment env, String jobName) {
        try {
            return env.executeAsync(jobName);
        } catch (Exception e) {
            throw new IllegalStateException("cannot submit job " + jobName, e);
        }
    }

    public String dashboardUrl() {
        return "http://" + LOOPBACK + ":" + restPort + "/";
    }

    public int restPort() {
        return restPort;
    }

    /** Where Prometheus can scrape every Flink metric, or empty when the endpoint is off. */
    public Optional<String> prometheusUrl() {
        return prometheusPort >= 0 ? Optional.of("http://" + LOOPBACK + ":" + prometheusPort + "/metrics")
                : Optional.empty();
    }

    /** Flink's REST metrics API for one job (always available, also without Prometheus). */
    public String restMetricsUrl(String jobId) {
        return "http://" + LOOPBACK + ":" + restPort + "/jobs/" + jobId + "/metrics";
    }

    /** Every job the cluster knows, with its state and restart count (REST {@code /jobs/overview}). */
    public List<JobSummary> jobs() {
        JsonNode overview = getJson("/jobs/overview");
        List<JobSummary> jobs = new ArrayList<>();
        for (JsonNode job : overview.path("jobs")) {
            String jid = job.path("jid").asText();
            jobs.add(new JobSummary(jid, job.path("name").asText(), job.path("state").asText(), restarts(jid)));
        }
        jobs.sort((a, b) -> a.name().compareTo(b.name()));
        return jobs;
    }

    /**
     * Restarts of one job so far (0 when the metric is not yet registered). Read from the REST metrics
     * cache, so it may lag the truth by up to a second.
     */
    public long restarts(String jobId) {
        try {
            for (JsonNode metric : getJson("/jobs/" + jobId + "/metrics?get=numRestarts")) {
                if ("numRestarts".equals(metric.path("id").asText())) {
                    return Long.parseLong(metric.path("value").asText("0"));
                }
            }
        } catch (RuntimeException e) {
            // a finished job's metrics are gone: nothing to count any more
        }
        return 0;
    }

    /** The root cause of the job's latest failure, if any (REST {@code /jobs/:id/exceptions}). */
    public Optional<String> lastFailure(String jobId) {
        JsonNode history = getJson("/jobs/" + jobId + "/exceptions?maxExceptions=1").path("exceptionHistory")
                .path("entries");
        if (history.isArray() && !history.isEmpty()) {
            return Optional.of(rootCause(history.get(0).path("stacktrace").asText()));
        }
        return Optional.empty();
    }

    /** The innermost "Caused by:" of a Java stack trace: Flink wraps user exceptions several times. */
    static String rootCause(String stackTrace) {
        String cause = stackTrace.lines().findFirst().orElse("");
        for (String line : stackTrace.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause;
    }

    /** Waits until the job is RUNNING with all its tasks deployed, or fails if it ends first. */
    public void awaitRunning(JobID jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = getJson("/jobs/" + jobId);
            String state = job.path("state").asText();
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new IllegalStateException("job " + jobId + " ended as " + state
                        + lastFailure(jobId.toString()).map(f -> ": " + f).orElse(""));
            }
            if (state.equals("RUNNING") && allTasksRunning(job)) {
                return;
            }
            Pause.millis(100);
        }
        throw new IllegalStateException("job " + jobId + " not running after " + timeout);
    }

    private static boolean allTasksRunning(JsonNode job) {
        for (JsonNode vertex : job.path("vertices")) {
            String status = vertex.path("status").asText();
            if (!status.equals("RUNNING") && !status.equals("FINISHED")) {
                return false;
            }
        }
        return true;
    }

    private JsonNode getJson(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + restPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " -> HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Cancels whatever still runs, stops the cluster and removes its temporary directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (JobStatusMessage job : miniCluster.listJobs().get(10, TimeUnit.SECONDS)) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    miniCluster.cancelJob(job.getJobId()).get(30, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            // the cluster shuts down below anyway, which stops every job
        }
        try {
            miniCluster.closeAsync().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the local Flink cluster did not shut down cleanly", e);
        } finally {
            Dirs.deleteQuietly(workDir);
        }
    }
}
