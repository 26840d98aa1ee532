package com.neuronexus.streams.tools.infra;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;

/**
 * Flink's Prometheus reporter, serving on one host address instead of every interface.
 *
 * <p>Flink's {@code PrometheusReporter} starts its HTTP server on {@code new InetSocketAddress(port)},
 * i.e. 0.0.0.0, and has no host option. This reporter reuses all of Flink's metric-to-Prometheus mapping
 * ({@link AbstractPrometheusReporter}, so metric names are the same as on a real cluster) and only
 * starts the HTTP server itself, bound to the given address.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

    private final HTTPServer httpServer;

    LoopbackPrometheusReporter(String host, int port) {
        try {
            httpServer = new HTTPServer(new InetSocketAddress(host, port), registryOf(this), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Prometheus metrics on " + host + ":" + port, e);
        }
    }

    /**
     * The registry the parent class fills. It is package-private in Flink (its own reporter is in the
     * same package), hence reflection; the field is on the classpath, so no --add-opens is needed.
     */
    private static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
        try {
            Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
            field.setAccessible(true);
            return (CollectorRegistry) field.get(reporter);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Flink's AbstractPrometheusReporter has no 'registry' field any more", e);
        }
    }

    public int port() {
        return httpServer.getPort();
    }

    @Override
    public void close() {
        httpServer.stop();
        super.close();
    }
}
