package org.weft.dataplane.ovsdb.internal.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into whole JSON texts. RFC 7047 §4 carries JSON-RPC 1.0 over a plain stream:
 * messages follow one another with nothing between them (or only white space), so a message ends
 * where its outermost object closes.
 *
 * <pre>
 *   {"id":1,"result":[...],"error":null}{"id":null,"method":"update","params":[...]}
 *   ^ depth 1 ........................ 0 ^ next message
 * </pre>
 *
 * <p>Brackets inside strings do not count, and neither do escaped quotes. Multi-byte UTF-8
 * sequences never contain the ASCII bytes looked at, so scanning bytes is enough. Not thread-safe:
 * one framer per connection, used by its event loop.
 */
public final class JsonStreamFramer {
    /** A message larger than this is a broken peer, not a database. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    private byte[] pending = new byte[64 * 1024];
    private int length;
    private int scanned;
    private int depth;
    private boolean inString;
    private boolean escaped;

    /** Takes the bytes of {@code input} and hands each completed JSON text to {@code sink}. */
    public void feed(ByteBuffer input, Consumer<Frame> sink) {
        append(input);
        int start = 0;
        while (scanned < length) {
            byte b = pending[scanned++];
            if (inString) {
                scanString(b);
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    int from = skipWhiteSpace(start, scanned);
                    sink.accept(new Frame(pending, from, scanned - from));
                    start = scanned;
                } else if (depth < 0) {
                    throw new FramingException("unbalanced '" + (char) b + "' in JSON stream");
                }
            } else if (depth == 0 && !isWhiteSpace(b)) {
                throw new FramingException(
                        "unexpected byte 0x" + Integer.toHexString(b & 0xff) + " between messages");
            }
        }
        compact(start);
    }

    private void scanString(byte b) {
        if (escaped) {
            escaped = false;
        } else if (b == '\\') {
            escaped = true;
        } else if (b == '"') {
            inString = false;
        }
    }

    private int skipWhiteSpace(int from, int to) {
        while (from < to && isWhiteSpace(pending[from])) {
            from++;
        }
        return from;
    }

    private static boolean isWhiteSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void append(ByteBuffer input) {
        int needed = length + input.remaining();
        if (needed > MAX_MESSAGE_BYTES) {
            throw new FramingException("JSON message longer than " + MAX_MESSAGE_BYTES + " bytes");
        }
        if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(needed, pending.length * 2));
        }
        int count = input.remaining();
        input.get(pending, length, count);
        length += count;
    }

    // Keeps only the unfinished message, so the buffer holds at most one message at a time.
    private void compact(int start) {
        if (start == 0) {
            return;
        }
        System.arraycopy(pending, start, pending, 0, length - start);
        length -= start;
        scanned -= start;
    }

    /**
     * One whole JSON text, as a view of the framer's buffer that is valid only during the call to
     * the sink.
     */
    public record Frame(byte[] bytes, int offset, int length) {}
}
