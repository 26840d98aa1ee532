package com.neuronexus.streams.operators.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.neuronexus.streams.core.ids.ContentIds;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] sha(byte prefix, byte[]... parts) {
        MessageDigest d = ContentIds.sha256();
        d.update(prefix);
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    private static byte[] leaf(byte[] d) {
        return sha((byte) 0x00, d);
    }

    private static byte[] node(byte[] l, byte[] r) {
        return sha((byte) 0x01, l, r);
    }

    private static byte[][] rowHashes(int n) {
        byte[][] leaves = new byte[n][];
        for (int i = 0; i < n; i++) {
            leaves[i] = ContentIds.sha256().digest(("row-" + i).getBytes());
        }
        return leaves;
    }

    @Test
    void rootsMatchTreesBuiltByHandWithTheRfc6962SplitRule() {
        byte[][] d = rowHashes(7);
        // n = 0: hash of the empty string
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HEX.formatHex(MerkleTree.root(new byte[0][])));
        // n = 1: leaf hash
        assertEquals(HEX.formatHex(leaf(d[0])), HEX.formatHex(MerkleTree.root(new byte[][] {d[0]})));
        // n = 3: k = 2 → (d0 d1) (d2); the last leaf is NOT paired with a copy of itself
        byte[] three = node(node(leaf(d[0]), leaf(d[1])), leaf(d[2]));
        assertEquals(HEX.formatHex(three), HEX.formatHex(MerkleTree.root(new byte[][] {d[0], d[1], d[2]})));
        // n = 5: k = 4 → ((d0 d1)(d2 d3)) (d4)
        byte[] four = node(node(leaf(d[0]), leaf(d[1])), node(leaf(d[2]), leaf(d[3])));
        byte[] five = node(four, leaf(d[4]));
        assertEquals(HEX.formatHex(five), HEX.formatHex(MerkleTree.root(new byte[][] {d[0], d[1], d[2], d[3], d[4]})));
        // n = 7: k = 4 → ((d0 d1)(d2 d3)) ((d4 d5) d6)
        byte[] seven = node(four, node(node(leaf(d[4]), leaf(d[5])), leaf(d[6])));
        assertEquals(HEX.formatHex(seven), HEX.formatHex(MerkleTree.root(d)));
    }

    @Test
    void certificateTransparencyReferenceVectors() {
        // The eight leaves and tree heads of the RFC 6962 reference implementation's tests (variable-size leaves).
        String[] leaves = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                "606162636465666768696a6b6c6d6e6f"};
        String[] roots = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
        List<byte[]> data = new ArrayList<>();
        for (int n = 1; n <= leaves.length; n++) {
            data.add(HEX.parseHex(leaves[n - 1]));
            assertEquals(roots[n - 1], HEX.formatHex(MerkleTree.root(data.toArray(new byte[0][]))), "tree of " + n);
        }
    }

    @Test
    void anyChangedOrSwappedLeafChangesTheRoot() {
        byte[][] d = rowHashes(6);
        String root = HEX.formatHex(MerkleTree.root(d));
        byte[][] swapped = d.clone();
        swapped[2] = d[3];
        swapped[3] = d[2];
        assertNotEquals(root, HEX.formatHex(MerkleTree.root(swapped)));
        byte[][] flipped = d.clone();
        flipped[5] = d[5].clone();
        flipped[5][31] ^= 1;
        assertNotEquals(root, HEX.formatHex(MerkleTree.root(flipped)));
    }
}
