package dev.firstpass.core.recording;

import dev.firstpass.core.protocol.InputLimits;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines of a UTF-8 text file, split as {@code BufferedReader.readLine} splits them (at \n, \r or
 * \r\n), refusing a line longer than {@link InputLimits#MAX_LINE_BYTES} before holding it whole.
 *
 * <p>{@code readLine} would first read a line of any length into memory, so a recording without line
 * breaks could fill the heap before any check saw it. Lines are split as bytes and decoded one by one,
 * so text that is not UTF-8 is reported with its line.
 */
final class BoundedLines implements Closeable {

    private final Path file;
    private final int maxBytes;
    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int position;
    private int end;
    private boolean skipLineFeed;
    private int lineNumber;

    private BoundedLines(Path file, int maxBytes) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.in = Files.newInputStream(file);
    }

    /** Opens {@code file} with the recording line limit. */
    static BoundedLines open(Path file) throws IOException {
        return new BoundedLines(file, InputLimits.MAX_LINE_BYTES);
    }

    /** The number of the line last returned, counting from 1. */
    int lineNumber() {
        return lineNumber;
    }

    /**
     * The next line without its terminator, or null at the end of the file.
     *
     * @throws RecordingException naming the line when it is too long or not UTF-8
     */
    String next() throws IOException {
        line.reset();
        long length = 0;
        boolean any = false;
        while (true) {
            if (position == end && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            any = true;
            int start = position;
            while (position < end && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            int count = position - start;
            // Counted to the end, to report the length, but never held beyond the limit.
            if (length < maxBytes) {
                line.write(buffer, start, (int) Math.min(count, maxBytes - length));
            }
            length += count;
            if (position < end) {
                skipLineFeed = buffer[position] == '\r';
                position++;
                break;
            }
        }
        lineNumber++;
        if (length > maxBytes) {
            throw new RecordingException(file + " line " + lineNumber + ": a line must be at most " + maxBytes
                    + " bytes: " + length);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(line.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new RecordingException(file + " line " + lineNumber + ": not UTF-8 text");
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        end = read;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
