package baton.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One end of a JSON-lines conversation: whole lines out (one writer at a time), lines in up to
 * {@link Wire#MAX_LINE} bytes. Shared by the client and the service so both frame alike.
 */
public final class LineChannel {
    private final InputStream in;
    private final OutputStream out;
    /** Bytes read but not yet taken: {@code buf[start, end)}. */
    private final byte[] buf = new byte[64 * 1024];
    private int start, end;

    public LineChannel(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    public void send(Object message) throws IOException {
        byte[] bytes = (Wire.line(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** The next message; {@link EOFException} at the end, {@link TooLong} past the limit, {@link NotJson} for garbage. */
    public JsonNode receive() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            if (start == end) {
                int n = in.read(buf);
                if (n < 0) {
                    if (line.size() > 0) throw new EOFException("the other end closed in the middle of a message");
                    throw new EOFException("closed");
                }
                start = 0;
                end = n;
            }
            int nl = start;
            while (nl < end && buf[nl] != '\n') nl++;
            if (line.size() + (nl - start) > Wire.MAX_LINE) throw new TooLong();
            line.write(buf, start, nl - start);
            if (nl < end) {
                start = nl + 1;
                break;
            }
            start = end;
        }
        try {
            JsonNode n = Wire.MAPPER.readTree(line.toByteArray());
            if (n == null || !n.isObject()) throw new NotJson("a message must be one JSON object on a line");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new NotJson("not JSON: " + e.getOriginalMessage());
        }
    }

    public static final class TooLong extends IOException {
        TooLong() {
            super("a message longer than " + (Wire.MAX_LINE >> 20) + " MB");
        }
    }

    public static final class NotJson extends IOException {
        NotJson(String why) {
            super(why);
        }
    }
}
