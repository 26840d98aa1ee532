package com.neuronexus.streams.tools.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temporary directories the embedded services live in. */
public final class Dirs {

    private Dirs() {
    }

    /** Deletes a directory tree; a file that cannot be deleted is left (it is under /tmp anyway). */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp file left behind does no harm
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
