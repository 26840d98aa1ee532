package com.neuronexus.streams.core.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids derived from content, never random: a replay or a recovery produces the same ids, so
 * idempotent upserts and downstream de-duplication work.
 */
public final class ContentIds {

    private ContentIds() {}

    /** 32 hex characters (128 bits) of SHA-256 over the parts, each part length-prefixed so "a","bc" != "ab","c". */
    public static String of(Object... parts) {
        return sha256Hex(parts).substring(0, 32);
    }

    /** Prefixed id, such as {@code inc-3f2a…}, for ids people read in alerts. */
    public static String prefixed(String prefix, Object... parts) {
        return prefix + "-" + of(parts);
    }

    public static String sha256Hex(Object... parts) {
        MessageDigest digest = sha256();
        for (Object part : parts) {
            byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
