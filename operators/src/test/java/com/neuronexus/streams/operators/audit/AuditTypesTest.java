package com.neuronexus.streams.operators.audit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import com.neuronexus.streams.core.outputs.SecurityBlock;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Everything that flows through Flink or sits in its state is a POJO (records), never a Kryo fallback. */
class AuditTypesTest {
    @Test
    void recordsAreFlinkPojos() {
        for (Class<?> type : new Class<?>[] {AuditEvent.class, AuditRecord.class, AuditCheckpoint.class,
                SecurityBlock.class, SecurityAttempt.class, AuditChainFunction.Head.class, AuditChainFunction.Tip.class,
                AuditChainFunction.Segment.class, BruteForceDetector.State.class}) {
            assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(type), type.getName());
        }
    }
}
