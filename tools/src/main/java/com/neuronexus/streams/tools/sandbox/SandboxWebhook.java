package com.neuronexus.streams.tools.sandbox;

import com.neuronexus.streams.core.settings.AlertSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the sandbox's alerts go: {@code --webhook-url URL} as generic JSON, or else a receiver of its own on
 * 127.0.0.1 that accepts and counts every delivery, so the alert job runs (and is visible) either way.
 */
final class SandboxWebhook implements AutoCloseable {
    private final HttpServer server;
    private final String url;
    private final AtomicLong received = new AtomicLong();

    private SandboxWebhook(String externalUrl) throws IOException {
        if (externalUrl != null && !externalUrl.isBlank()) {
            this.server = null;
            this.url = externalUrl;
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    static SandboxWebhook start(String externalUrl) throws IOException {
        return new SandboxWebhook(externalUrl);
    }

    String url() {
        return url;
    }

    boolean isLocal() {
        return server != null;
    }

    long received() {
        return received.get();
    }

    /** Every incident change of the sandbox (P1–P4) goes to the webhook as generic JSON. */
    Settings apply(Settings settings) {
        String existing = settings.get(AlertSettings.ENDPOINTS);
        String sandbox = "sandbox|json|P4|" + url;
        return settings.with(AlertSettings.ENDPOINTS, existing.isBlank() ? sandbox : existing + ";" + sandbox);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
