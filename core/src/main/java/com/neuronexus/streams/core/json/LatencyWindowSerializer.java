package com.neuronexus.streams.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.io.IOException;
import java.time.Instant;

/**
 * {@link LatencyWindow} in the dialect, written field by field: the ops job writes two or three of these per
 * request, and Jackson's bean serializer (an accessor call by reflection and a serializer look-up per field)
 * was most of their JSON time. Same fields, names, order (alphabetical), null rule and value text as the bean
 * serializer; {@code LatencyWindowSerializerTest} compares the two on random rows, so a new field in the
 * record fails there until it is written here too.
 */
final class LatencyWindowSerializer extends StdSerializer<LatencyWindow> {
    private static final long serialVersionUID = 1L;

    private static final SerializedString CLIENT_ERRORS = new SerializedString("client_errors");
    private static final SerializedString ERROR_RATE = new SerializedString("error_rate");
    private static final SerializedString MAX_MS = new SerializedString("max_ms");
    private static final SerializedString MEAN_MS = new SerializedString("mean_ms");
    private static final SerializedString P50_MS = new SerializedString("p50_ms");
    private static final SerializedString P95_MS = new SerializedString("p95_ms");
    private static final SerializedString P99_MS = new SerializedString("p99_ms");
    private static final SerializedString REQUEST_COUNT = new SerializedString("request_count");
    private static final SerializedString REQUEST_RATE = new SerializedString("request_rate");
    private static final SerializedString ROUTE = new SerializedString("route");
    private static final SerializedString SERVER_ERRORS = new SerializedString("server_errors");
    private static final SerializedString SERVICE = new SerializedString("service");
    private static final SerializedString WINDOW_END = new SerializedString("window_end");
    private static final SerializedString WINDOW_KIND = new SerializedString("window_kind");
    private static final SerializedString WINDOW_SECONDS = new SerializedString("window_seconds");
    private static final SerializedString WINDOW_START = new SerializedString("window_start");

    private final InstantText.Serializer instants = new InstantText.Serializer();
    /** The figures of a sparse route repeat over its tumbling and sliding rows: see {@link DoubleTextCache}. */
    private final DoubleTextCache doubles = new DoubleTextCache();

    LatencyWindowSerializer() {
        super(LatencyWindow.class);
    }

    @Override
    public void serialize(LatencyWindow w, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(w);
        gen.writeFieldName(CLIENT_ERRORS);
        gen.writeNumber(w.clientErrors());
        decimal(gen, ERROR_RATE, w.errorRate());
        decimal(gen, MAX_MS, w.maxMs());
        decimal(gen, MEAN_MS, w.meanMs());
        decimal(gen, P50_MS, w.p50Ms());
        decimal(gen, P95_MS, w.p95Ms());
        decimal(gen, P99_MS, w.p99Ms());
        gen.writeFieldName(REQUEST_COUNT);
        gen.writeNumber(w.requestCount());
        decimal(gen, REQUEST_RATE, w.requestRate());
        string(gen, ROUTE, w.route());
        gen.writeFieldName(SERVER_ERRORS);
        gen.writeNumber(w.serverErrors());
        string(gen, SERVICE, w.service());
        instant(gen, provider, WINDOW_END, w.windowEnd());
        string(gen, WINDOW_KIND, w.windowKind());
        gen.writeFieldName(WINDOW_SECONDS);
        gen.writeNumber(w.windowSeconds());
        instant(gen, provider, WINDOW_START, w.windowStart());
        gen.writeEndObject();
    }

    private void decimal(JsonGenerator gen, SerializedString name, double value) throws IOException {
        gen.writeFieldName(name);
        doubles.write(gen, value);
    }

    /** Nulls are left out, as the dialect's NON_NULL inclusion does. */
    private static void string(JsonGenerator gen, SerializedString name, String value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            gen.writeString(value);
        }
    }

    private void instant(JsonGenerator gen, SerializerProvider provider, SerializedString name, Instant value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            instants.serialize(value, gen, provider);
        }
    }
}
