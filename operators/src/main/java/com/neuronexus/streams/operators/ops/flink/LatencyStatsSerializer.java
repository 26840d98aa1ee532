package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.operators.ops.LatencyStats;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Window state of the latency windows: {@link LatencyStats} in its own compact binary form (counts plus the
 * DDSketch encoding), so the accumulator neither falls back to Kryo nor breaks on a library upgrade.
 */
public final class LatencyStatsSerializer extends TypeSerializerSingleton<LatencyStats> {
    private static final long serialVersionUID = 1L;
    public static final LatencyStatsSerializer INSTANCE = new LatencyStatsSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public LatencyStats createInstance() {
        return new LatencyStats(0.01);
    }

    @Override
    public LatencyStats copy(LatencyStats from) {
        return from.copy();
    }

    @Override
    public LatencyStats copy(LatencyStats from, LatencyStats reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(LatencyStats record, DataOutputView target) throws IOException {
        byte[] bytes = record.toBytes();
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public LatencyStats deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return LatencyStats.fromBytes(bytes);
    }

    @Override
    public LatencyStats deserialize(LatencyStats reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<LatencyStats> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LatencyStats> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
