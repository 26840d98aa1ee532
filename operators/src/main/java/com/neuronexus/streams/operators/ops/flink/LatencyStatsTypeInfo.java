package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.operators.ops.LatencyStats;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information handing Flink the {@link LatencyStatsSerializer}. */
public final class LatencyStatsTypeInfo extends TypeInformation<LatencyStats> {
    private static final long serialVersionUID = 1L;
    public static final LatencyStatsTypeInfo INSTANCE = new LatencyStatsTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<LatencyStats> getTypeClass() {
        return LatencyStats.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<LatencyStats> createSerializer(SerializerConfig config) {
        return LatencyStatsSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "LatencyStats";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof LatencyStatsTypeInfo;
    }

    @Override
    public int hashCode() {
        return LatencyStats.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof LatencyStatsTypeInfo;
    }
}
