package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * What a source hands on for each message: the decoded event, or the dead letter saying why there is none.
 * Exactly one of the two is set. A POJO, so Flink serializes it without Kryo.
 */
public final class Ingested<T extends Event> {
    public T event;
    public DeadLetter deadLetter;
    /** Where the message came from, kept so a late event's dead letter can name it too. */
    public int partition;
    public long offset;
    /**
     * Set only on the end-of-file marker of a replayed file (no event, no dead letter): the event time up to
     * which every replayed input advances before it ends, so the last watermark before the final one is the same
     * whichever file happens to finish last.
     */
    public long endOfInputTime = Long.MIN_VALUE;

    public Ingested() {}

    public static <T extends Event> Ingested<T> ok(T event, int partition, long offset) {
        Ingested<T> i = new Ingested<>();
        i.event = event;
        i.partition = partition;
        i.offset = offset;
        return i;
    }

    public static <T extends Event> Ingested<T> failed(DeadLetter deadLetter) {
        Ingested<T> i = new Ingested<>();
        i.deadLetter = deadLetter;
        i.partition = deadLetter.partition();
        i.offset = deadLetter.offset();
        return i;
    }

    public static <T extends Event> Ingested<T> endOfInput(long time) {
        Ingested<T> i = new Ingested<>();
        i.endOfInputTime = time;
        i.offset = -1;
        return i;
    }

    public boolean isEndOfInput() {
        return event == null && deadLetter == null;
    }

    /** Event time for watermarking; dead letters never move the watermark. */
    public long eventTimeOrMin() {
        return event != null ? event.ts().toEpochMilli() : endOfInputTime;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends Event> TypeInformation<Ingested<T>> typeInfo(Class<T> eventType) {
        return (TypeInformation) Types.POJO(Ingested.class, Map.of(
                "event", TypeInformation.of(eventType),
                "deadLetter", TypeInformation.of(DeadLetter.class),
                "partition", Types.INT,
                "offset", Types.LONG,
                "endOfInputTime", Types.LONG));
    }
}
