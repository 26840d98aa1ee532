package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.core.events.Event;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a {@code <topic>.jsonl} file as if it were a one-partition topic: one message per line, the
 * line number (from 0) as offset. Lines are read as bytes, so invalid UTF-8 reaches the decoder (and the
 * DLQ) instead of being silently replaced. Blank lines are skipped but still counted.
 */
public final class JsonLinesFormat<T extends Event> extends SimpleStreamFormat<Ingested<T>> {
    private static final long serialVersionUID = 1L;

    private final MessageDecoding<T> decoding;
    private final Class<T> type;
    private final int maxLineBytes;

    public JsonLinesFormat(MessageDecoding<T> decoding, Class<T> type, int maxLineBytes) {
        this.decoding = decoding;
        this.type = type;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public StreamFormat.Reader<Ingested<T>> createReader(Configuration config, FSDataInputStream stream) {
        return new Reader(stream);
    }

    @Override
    public TypeInformation<Ingested<T>> getProducedType() {
        return Ingested.typeInfo(type);
    }

    private final class Reader implements StreamFormat.Reader<Ingested<T>> {
        private final InputStream in;
        private long lineNumber = -1;

        Reader(FSDataInputStream stream) {
            this.in = new java.io.BufferedInputStream(stream, 1 << 16);
        }

        @Override
        public Ingested<T> read() throws IOException {
            while (true) {
                byte[] line = com.neuronexus.streams.connectors.file.ByteLines.readLine(in, maxLineBytes);
                if (line == null) {
                    return null;
                }
                lineNumber++;
                if (isBlank(line)) {
                    continue;
                }
                return decoding.decode(line, 0, lineNumber, null);
            }
        }

        private boolean isBlank(byte[] line) {
            for (byte c : line) {
                if (c != ' ' && c != '\t' && c != '\r') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
