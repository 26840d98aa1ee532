package com.neuronexus.streams.operators.audit;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.ids.ContentIds;
import com.neuronexus.streams.core.outputs.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical encoding of an audit record and its row hash (version 1; docs/audit.md is the normative
 * description a third party implements).
 *
 * <pre>
 * encoding = F(chain) F(event_id) F(ts) F(actor) F(action) F(entity) F(entity_id) F(ip) F(outcome) F(payload)
 * F(absent) = FF FF FF FF                       (length -1, no bytes: absent differs from "")
 * F(text)   = uint32 big-endian byte length, then the UTF-8 bytes
 * ts        = epoch milliseconds in decimal ASCII ("1772360130000")
 * outcome   = SUCCESS | FAILURE | DENIED
 * payload   = canonical JSON text (keys sorted at every depth, no white space), or absent
 * row_hash  = lower-case hex SHA-256( ASCII(prev_hash) || encoding ), prev_hash as 64 lower-case hex chars
 * </pre>
 *
 * seq is deliberately not hashed: a producer that pre-chains its events cannot know the seq the job will
 * assign. Order is protected by the links (prev_hash) and seq gaps are checked by the verifiers.
 */
public final class AuditEncoding {

    /** prev_hash of the first row of every chain. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private AuditEncoding() {}

    public static byte[] encode(String chain, String eventId, Instant ts, String actor, String action, String entity,
            String entityId, String ip, AuditOutcome outcome, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        field(out, chain);
        field(out, eventId);
        field(out, ts == null ? null : Long.toString(ts.toEpochMilli()));
        field(out, actor);
        field(out, action);
        field(out, entity);
        field(out, entityId);
        field(out, ip);
        field(out, outcome == null ? null : outcome.name());
        field(out, payload);
        return out.toByteArray();
    }

    public static byte[] encode(AuditEvent e) {
        return encode(e.chain(), e.eventId(), e.ts(), e.actor(), e.action(), e.entity(), e.entityId(), e.ip(),
                e.outcome(), e.payload());
    }

    public static byte[] encode(AuditRecord r) {
        return encode(r.chain(), r.eventId(), r.ts(), r.actor(), r.action(), r.entity(), r.entityId(), r.ip(),
                r.outcome(), r.payload());
    }

    /**
     * One SHA-256 instance per thread: {@code MessageDigest.getInstance} looks the provider up on every call,
     * which showed in profiles at one hash per row. Callers must finish with {@code digest()} (which resets it)
     * before the next call on the same thread.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ContentIds::sha256);

    /** This thread's SHA-256 instance, reset. */
    static MessageDigest sha256() {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest;
    }

    /** row_hash = hex SHA-256(ASCII(prevHash) || encoding). */
    public static String rowHash(String prevHash, byte[] encoding) {
        MessageDigest digest = sha256();
        digest.update(String.valueOf(prevHash).getBytes(StandardCharsets.US_ASCII));
        digest.update(encoding);
        return HEX.formatHex(digest.digest());
    }

    /** The hash a row should carry given its own prev_hash; compare with its stored row_hash. */
    public static String recompute(AuditRecord r) {
        return rowHash(r.prevHash(), encode(r));
    }

    public static String recompute(AuditEvent e) {
        return rowHash(e.prevHash(), encode(e));
    }

    /** Timestamps are hashed to the millisecond, so records carry millisecond precision only. */
    public static Instant truncate(Instant ts) {
        return ts == null ? null : Instant.ofEpochMilli(ts.toEpochMilli());
    }

    public static boolean isHash(String s) {
        return s != null && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            writeInt(out, -1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write((v >>> 24) & 0xFF);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}
