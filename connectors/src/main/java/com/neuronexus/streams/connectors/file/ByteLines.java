package com.neuronexus.streams.connectors.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lines of a JSON-lines file as raw bytes, so invalid UTF-8 reaches the decoder (and the DLQ) as it was
 * instead of being replaced while reading.
 */
public final class ByteLines {
    private ByteLines() {}

    /**
     * The next line without its {@code \n} (and a {@code \r} before it), or null at the end. A line longer than
     * {@code maxBytes} is kept up to {@code maxBytes + 1} bytes: enough for a size check to reject it.
     */
    public static byte[] readLine(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (buffer.size() <= maxBytes) {
                buffer.write(b);
            }
        }
        if (!any) {
            return null;
        }
        byte[] bytes = buffer.toByteArray();
        int end = bytes.length;
        return end > 0 && bytes[end - 1] == '\r' ? Arrays.copyOf(bytes, end - 1) : bytes;
    }
}
