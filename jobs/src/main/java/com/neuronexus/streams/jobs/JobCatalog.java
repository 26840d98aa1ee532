package com.neuronexus.streams.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every job by its short name: what {@code ./nexus replay NAME}, the sandbox and the benchmark run. */
public final class JobCatalog {
    private JobCatalog() {}

    private static final Map<String, JobLauncher.JobFactory> JOBS = build();

    private static Map<String, JobLauncher.JobFactory> build() {
        Map<String, JobLauncher.JobFactory> jobs = new LinkedHashMap<>();
        jobs.put("passthrough", PassthroughJob::new);
        jobs.put("demand", DemandJob::new);
        jobs.put("ops", OpsJob::new);
        jobs.put("audit", AuditJob::new);
        jobs.put("invariants", InvariantJob::new);
        jobs.put("incidents", IncidentJob::new);
        jobs.put("alerts", AlertJob::new);
        return Collections.unmodifiableMap(jobs);
    }

    public static Map<String, JobLauncher.JobFactory> all() {
        return JOBS;
    }

    /** The analytics jobs (everything but the benchmark's passthrough), in the order the sandbox starts them. */
    public static Map<String, JobLauncher.JobFactory> analytics() {
        Map<String, JobLauncher.JobFactory> jobs = new LinkedHashMap<>(JOBS);
        jobs.remove("passthrough");
        return jobs;
    }

    public static JobLauncher.JobFactory byName(String name) {
        JobLauncher.JobFactory factory = JOBS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown job '" + name + "'; known: " + String.join(", ", JOBS.keySet()));
        }
        return factory;
    }
}
