package com.neuronexus.streams.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.neuronexus.streams.connectors.ingest.MessageDecoding;
import com.neuronexus.streams.connectors.serde.DecodeLimits;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The readers of {@link PauseSafeKafkaSource} must get the properties the built {@link KafkaSource} would give its
 * own readers. The source keeps them in a private field; reading it here (and only here) pins the copy of the
 * builder's rules in {@link PauseSafeKafkaSource#builtProperties}: a changed rule or a renamed field fails this test.
 */
class PauseSafeKafkaSourceTest {

    @SuppressWarnings("deprecation")
    @Test
    void readersGetTheBuiltSourcesProperties() throws Exception {
        for (OffsetsInitializer start : List.of(OffsetsInitializer.earliest(), OffsetsInitializer.latest(),
                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))) {
            for (OffsetsInitializer stop : new OffsetsInitializer[] {OffsetsInitializer.latest(), null}) {
                PauseSafeKafkaSource<String> source = PauseSafeKafkaSource.build(consumer(), "t", start, stop,
                        KafkaRecordDeserializationSchema.valueOnly(StringDeserializer.class));
                Properties built = propsOf(source.builtSource());
                assertEquals(Map.copyOf(built), Map.copyOf(source.readerProperties()),
                        "start " + start + ", bounded " + (stop != null));
            }
        }
    }

    @Test
    void delegatesAllButTheReaderAndSurvivesSerialization() throws Exception {
        Settings bounded = Settings.defaults().with(PlatformSettings.KAFKA_BOUNDED, true);
        var source = assertInstanceOf(PauseSafeKafkaSource.class, KafkaFactories.source(bounded, "ops",
                "ops.metrics", decoding(), RequestLatencyEvent.class));
        assertEquals(Boundedness.BOUNDED, source.getBoundedness());
        assertEquals(source.builtSource().getProducedType(), source.getProducedType());
        assertEquals(source.builtSource().getLineageVertex().datasets().size(),
                source.getLineageVertex().datasets().size());
        assertEquals("-1", source.readerProperties().getProperty("partition.discovery.interval.ms"));

        // Flink ships the source inside the job graph: the copy must still build the same properties.
        PauseSafeKafkaSource<?> copy = InstantiationUtil.clone(source);
        assertEquals(Boundedness.BOUNDED, copy.getBoundedness());
        assertEquals(Map.copyOf(propsOf(copy.builtSource())), Map.copyOf(copy.readerProperties()));

        var unbounded = (PauseSafeKafkaSource<?>) KafkaFactories.source(Settings.defaults(), "ops", "ops.metrics",
                decoding(), RequestLatencyEvent.class);
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, unbounded.getBoundedness());
        assertEquals("60000", unbounded.readerProperties().getProperty("partition.discovery.interval.ms"));
    }

    private static MessageDecoding<RequestLatencyEvent> decoding() {
        return new MessageDecoding<>("ops.metrics", RequestLatencyEvent.class, DecodeLimits.defaults(), 1024);
    }

    private static Properties consumer() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "127.0.0.1:9092");
        p.setProperty("group.id", "nexus-ops");
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("commit.offsets.on.checkpoint", "true");
        p.setProperty("partition.discovery.interval.ms", "60000");
        return p;
    }

    /** The built source's private {@code props}: the one reflective read, test-only. */
    private static Properties propsOf(KafkaSource<?> source) throws ReflectiveOperationException {
        Field field = KafkaSource.class.getDeclaredField("props");
        field.setAccessible(true);
        return (Properties) field.get(source);
    }
}
