package com.neuronexus.streams.connectors.webhook;

import com.neuronexus.streams.core.outputs.Incident;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One alert receiver. Configured as {@code name|format|min-priority|url} entries separated by {@code ;} in
 * {@code alert.endpoints}, e.g. {@code ops|json|P3|https://hooks.example/nexus;pager|pagerduty|P1|https://events.pagerduty.com/v2/enqueue}.
 *
 * @param name        short name; also part of the operator uid, so keep it stable across upgrades
 * @param minPriority least severe priority sent here: P2 sends P1 and P2
 */
public record WebhookEndpoint(String name, WebhookFormat format, String minPriority, String url) implements Serializable {

    public WebhookEndpoint {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("endpoint name must be letters, digits, '-' or '_': '" + name + "'");
        }
        if (minPriority == null || !minPriority.trim().toUpperCase(Locale.ROOT).matches("P[1-4]")) {
            throw new IllegalArgumentException("endpoint " + name + ": min-priority must be P1..P4, not '" + minPriority + "'");
        }
        minPriority = minPriority.trim().toUpperCase(Locale.ROOT);
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("endpoint " + name + ": bad url", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint " + name + ": url must be http(s)://host/...");
        }
        url = url.trim();
    }

    /** Parses {@code alert.endpoints}; blank means no endpoints. */
    public static List<WebhookEndpoint> parseList(String spec) {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return endpoints;
        }
        Set<String> names = new HashSet<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split("\\|", 4);
            if (parts.length != 4) {
                throw new IllegalArgumentException("alert endpoint '" + entry.trim()
                        + "' is not name|format|min-priority|url");
            }
            WebhookEndpoint e = new WebhookEndpoint(parts[0].trim(), WebhookFormat.parse(parts[1]), parts[2], parts[3]);
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("alert endpoint name used twice: " + e.name());
            }
            endpoints.add(e);
        }
        return endpoints;
    }

    /**
     * Whether this endpoint hears about this incident state: every change except a plain re-check (which would
     * page on every detector tick), for priorities at least as severe as {@link #minPriority()}.
     */
    public boolean wants(Incident incident) {
        if (incident == null || incident.lastChange() == null || incident.lastChange() == Incident.Change.RECHECKED) {
            return false;
        }
        String p = incident.priority() == null ? "P3" : incident.priority().trim().toUpperCase(Locale.ROOT);
        if (!p.matches("P[1-4]")) {
            p = "P3";
        }
        return p.compareTo(minPriority) <= 0;
    }

    /** The operator uid part: stable and safe. */
    public String uidPart() {
        return name.toLowerCase(Locale.ROOT);
    }
}
