package com.neuronexus.streams.operators.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.neuronexus.streams.core.events.AuditOutcome;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AuditEncodingTest {
    private static final Instant TS = Instant.parse("2026-03-01T10:15:30Z");

    // Expected bytes and hashes were computed independently (Python hashlib/struct) from docs/audit.md.
    @Test
    void encodingIsTheDocumentedByteLayout() {
        byte[] enc = AuditEncoding.encode("default", "e1", TS, "alice", "login", null, null, "10.0.0.7",
                AuditOutcome.FAILURE, "{\"a\":\"x\",\"b\":1}");
        assertEquals("0000000764656661756c740000000265310000000d3137373233363031333030303000000005616c696365"
                + "000000056c6f67696effffffffffffffff0000000831302e302e302e37000000074641494c5552450000000f7b2261223a"
                + "2278222c2262223a317d", HexFormat.of().formatHex(enc));
        String h1 = AuditEncoding.rowHash(AuditEncoding.GENESIS, enc);
        assertEquals("2c097db6ac4a5143988e5498c7b89304722a64017ec4ec463abe5cd3b3463be4", h1);
        byte[] enc2 = AuditEncoding.encode("default", "e2", TS.plusSeconds(1), "bob", "logout", "session", "s-1",
                null, AuditOutcome.SUCCESS, null);
        assertEquals("68df461c029c71335c4b62d7574a3c2cab2176070f80c8bb16b7f65984496acf",
                AuditEncoding.rowHash(h1, enc2));
    }

    @Test
    void absentAndEmptyFieldsAndFieldBoundariesAreDistinct() {
        byte[] absent = AuditEncoding.encode("c", "e", TS, "a", "x", null, null, null, AuditOutcome.SUCCESS, null);
        byte[] empty = AuditEncoding.encode("c", "e", TS, "a", "x", "", null, null, AuditOutcome.SUCCESS, null);
        assertNotEquals(HexFormat.of().formatHex(absent), HexFormat.of().formatHex(empty));
        byte[] ab = AuditEncoding.encode("c", "e", TS, "ab", "c", null, null, null, AuditOutcome.SUCCESS, null);
        byte[] a_bc = AuditEncoding.encode("c", "e", TS, "a", "bc", null, null, null, AuditOutcome.SUCCESS, null);
        assertNotEquals(HexFormat.of().formatHex(ab), HexFormat.of().formatHex(a_bc));
    }

    @Test
    void timestampsAreHashedToTheMillisecond() {
        Instant withNanos = TS.plusNanos(1_234_567);
        assertEquals(TS.plusMillis(1), AuditEncoding.truncate(withNanos));
    }
}
