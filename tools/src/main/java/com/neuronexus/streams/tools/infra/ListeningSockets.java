package com.neuronexus.streams.tools.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets this JVM listens on, read from Linux's {@code /proc}. The sandbox promises to listen
 * on 127.0.0.1 only; this checks it instead of trusting every library's bind settings.
 *
 * <p>Embedded PostgreSQL is not covered: {@code pg_ctl} daemonizes the server, so it is no descendant of
 * this JVM. Its binding is pinned by {@code listen_addresses} and checked over SQL instead.
 */
public final class ListeningSockets {

    /** One listening socket: its local address as text and port. */
    public record Listener(String address, int port) {
        public boolean isLoopback() {
            return address.startsWith("127.") || address.equals("::1");
        }

        @Override
        public String toString() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    private ListeningSockets() {
    }

    /** Whether this system exposes {@code /proc/net/tcp} (Linux); otherwise {@link #ofThisJvm()} is empty. */
    public static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Listening sockets owned by this JVM, sorted by port. */
    public static List<Listener> ofThisJvm() {
        if (!supported()) {
            return List.of();
        }
        Set<String> inodes = new HashSet<>();
        socketInodes(ProcessHandle.current().pid(), inodes);

        List<Listener> listeners = new ArrayList<>();
        readTable(Path.of("/proc/net/tcp"), inodes, listeners);
        readTable(Path.of("/proc/net/tcp6"), inodes, listeners);
        listeners.sort((a, b) -> Integer.compare(a.port(), b.port()));
        return listeners;
    }

    /** The listeners that are not on a loopback address: must be empty in the sandbox. */
    public static List<Listener> nonLoopback() {
        return ofThisJvm().stream().filter(l -> !l.isLoopback()).toList();
    }

    private static void socketInodes(long pid, Set<String> into) {
        Path fdDir = Path.of("/proc", Long.toString(pid), "fd");
        try (Stream<Path> fds = Files.list(fdDir)) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        into.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException ignored) {
                    // the descriptor was closed while we looked
                }
            });
        } catch (IOException ignored) {
            // the process ended while we looked
        }
    }

    private static void readTable(Path table, Set<String> inodes, List<Listener> into) {
        if (!Files.isReadable(table)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    String[] hostPort = f[1].split(":");
                    into.add(new Listener(decodeAddress(hostPort[0]), Integer.parseInt(hostPort[1], 16)));
                }
            }
        } catch (IOException e) {
            // unreadable table: report nothing rather than fail the caller
        }
    }

    /** /proc prints IPv4 as one little-endian word, IPv6 as four little-endian words. */
    static String decodeAddress(String hex) {
        if (hex.length() == 8) {
            return ipv4(hex);
        }
        byte[] b = new byte[16];
        for (int word = 0; word < 4; word++) {
            for (int i = 0; i < 4; i++) {
                int pos = word * 8 + (3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(pos, pos + 2), 16);
            }
        }
        boolean v4Mapped = true;
        for (int i = 0; i < 10; i++) {
            v4Mapped &= b[i] == 0;
        }
        v4Mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        if (v4Mapped) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                s.append(':');
            }
            s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
        }
        String full = s.toString();
        if (full.equals("0:0:0:0:0:0:0:0")) {
            return "::";
        }
        if (full.equals("0:0:0:0:0:0:0:1")) {
            return "::1";
        }
        return full;
    }

    private static String ipv4(String hex) {
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }
}
