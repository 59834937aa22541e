package baton.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A job's output made safe to print on a terminal: control characters (ESC and the other C0
 * controls but tab, DEL, the C1 controls) are shown in a visible form instead of being obeyed,
 * so output cannot move the cursor, rewrite what is shown, retitle the window or make the
 * terminal answer. Bytes that are not UTF-8 become U+FFFD: a stray 0x9B is a CSI on some terminals.
 */
final class TerminalText {
    private TerminalText() {}

    static byte[] neutralise(byte[] line) {
        if (plain(line)) return line;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(line.length);
        decoder.decode(ByteBuffer.wrap(line), chars, true);
        decoder.flush(chars);
        chars.flip();
        StringBuilder sb = new StringBuilder(chars.length() + 16);
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (c == '\t' || (c >= 0x20 && c < 0x7F) || c > 0x9F) sb.append(c);
            else if (c == 0x1B) sb.append("\\e");
            else if (c < 0x80) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Printable ASCII and tabs only: nothing to do (the common case, checked without decoding). */
    private static boolean plain(byte[] line) {
        for (byte b : line) {
            if (b != '\t' && (b < 0x20 || b >= 0x7F)) return false;
        }
        return true;
    }
}
