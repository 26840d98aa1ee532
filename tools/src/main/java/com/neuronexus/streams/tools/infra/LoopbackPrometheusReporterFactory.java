package com.neuronexus.streams.tools.infra;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates {@link LoopbackPrometheusReporter}. Configure with
 * {@code metrics.reporter.NAME.factory.class: com.neuronexus.streams.tools.infra.LoopbackPrometheusReporterFactory},
 * {@code metrics.reporter.NAME.port} and optionally {@code metrics.reporter.NAME.host} (default 127.0.0.1).
 * Found by Flink through {@code META-INF/services}.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    public static final String PORT = "port";
    public static final String HOST = "host";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty(HOST, LocalFlink.LOOPBACK);
        int port = Integer.parseInt(properties.getProperty(PORT, "9249").trim());
        return new LoopbackPrometheusReporter(host, port);
    }
}
