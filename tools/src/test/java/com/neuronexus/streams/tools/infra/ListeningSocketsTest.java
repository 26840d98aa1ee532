package com.neuronexus.streams.tools.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    @Test
    void decodesProcNetAddresses() {
        assertEquals("127.0.0.1", ListeningSockets.decodeAddress("0100007F"));
        assertEquals("0.0.0.0", ListeningSockets.decodeAddress("00000000"));
        assertEquals("10.1.2.3", ListeningSockets.decodeAddress("0302010A"));
        assertEquals("127.0.0.1", ListeningSockets.decodeAddress("0000000000000000FFFF00000100007F"));
        assertEquals("::", ListeningSockets.decodeAddress("00000000000000000000000000000000"));
        assertEquals("::1", ListeningSockets.decodeAddress("00000000000000000000000001000000"));
    }

    @Test
    void findsOwnListenersAndFlagsWildcardBinds() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket wildcard = new ServerSocket()) {
            wildcard.bind(new InetSocketAddress(0));
            var all = ListeningSockets.ofThisJvm();
            assertTrue(all.contains(new ListeningSockets.Listener("127.0.0.1", loopback.getLocalPort())), all.toString());
            var exposed = ListeningSockets.nonLoopback();
            assertTrue(exposed.stream().anyMatch(l -> l.port() == wildcard.getLocalPort()), exposed.toString());
            assertFalse(exposed.stream().anyMatch(l -> l.port() == loopback.getLocalPort()), exposed.toString());
        }
    }
}
