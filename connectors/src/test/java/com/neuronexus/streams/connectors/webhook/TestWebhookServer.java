package com.neuronexus.streams.connectors.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on 127.0.0.1: refuses the first {@code failFirst} calls with 503 (or every call when
 * {@code failFirst} is negative), rejects a bad {@code X-Nexus-Signature} with 401, and records what it accepted.
 */
final class TestWebhookServer implements AutoCloseable {

    record Received(String body, String signature, String dedupKey) {}

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger badSignatures = new AtomicInteger();
    final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    TestWebhookServer(int failFirst, String secret) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", exchange -> {
            int n = calls.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst(WebhookRequest.SIGNATURE_HEADER);
            int status;
            if (failFirst < 0 || n <= failFirst) {
                status = 503;
            } else if (secret != null && !AlertPayloads.hmacSha256Hex(secret, body).equals(signature)) {
                badSignatures.incrementAndGet();
                status = 401;
            } else {
                accepted.add(new Received(body, signature,
                        exchange.getRequestHeaders().getFirst(WebhookRequest.DEDUP_HEADER)));
                status = 202;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
