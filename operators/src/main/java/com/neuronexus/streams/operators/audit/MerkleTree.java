package com.neuronexus.streams.operators.audit;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * RFC 6962 §2.1 Merkle Tree Hash over a segment's row hashes. Each leaf is the 32 raw bytes of a row hash
 * (hex-decoded). MTH({}) = SHA-256(); MTH({d}) = SHA-256(0x00 || d); for n > 1, with k the largest power of
 * two smaller than n: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
 */
public final class MerkleTree {
    private static final HexFormat HEX = HexFormat.of();

    private MerkleTree() {}

    /** Root as lower-case hex over hex row hashes. */
    public static String rootHex(List<String> rowHashesHex) {
        byte[][] leaves = new byte[rowHashesHex.size()][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = HEX.parseHex(rowHashesHex.get(i));
        }
        return HEX.formatHex(root(leaves));
    }

    public static byte[] root(byte[][] leaves) {
        return hash(leaves, 0, leaves.length);
    }

    private static byte[] hash(byte[][] leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return AuditEncoding.sha256().digest();
        }
        if (n == 1) {
            MessageDigest digest = AuditEncoding.sha256();
            digest.update((byte) 0x00);
            digest.update(leaves[from]);
            return digest.digest();
        }
        int k = Integer.highestOneBit(n - 1); // largest power of two < n
        byte[] left = hash(leaves, from, from + k);
        byte[] right = hash(leaves, from + k, to);
        // The thread's digest is taken only now: the recursion above used (and reset) it too.
        MessageDigest digest = AuditEncoding.sha256();
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }
}
