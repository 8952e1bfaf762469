package frontier.simulate.workload;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import frontier.calibrate.UserInputException;

/**
 * A text file read one line at a time, gunzipped on the fly when it starts with the gzip magic
 * bytes (whatever its name), so that a trace of millions of rows never sits in memory whole.
 */
final class TextLines implements AutoCloseable {
    private final Path file;
    private final BufferedReader in;
    private long lineNumber;

    TextLines(Path file) {
        this.file = file;
        try {
            this.in = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static InputStream open(Path file) throws IOException {
        var raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The next line (byte-order mark removed from the first), or null at the end of the file. */
    String next() {
        try {
            String line = in.readLine();
            if (line == null) return null;
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
            return line;
        } catch (java.util.zip.ZipException e) {
            throw new UserInputException(file + ":" + (lineNumber + 1) + ": corrupt gzip data (" + e.getMessage()
                    + "); re-download or re-compress the file");
        } catch (java.io.EOFException e) {
            throw new UserInputException(file + ":" + (lineNumber + 1) + ": the compressed file ends early ("
                    + e.getMessage() + "); re-download or re-compress it");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": read failed after line " + lineNumber, e);
        }
    }

    /** The next line that is not blank, or null at the end of the file. */
    String nextNonBlank() {
        String line;
        while ((line = next()) != null) {
            if (!line.isBlank()) return line;
        }
        return null;
    }

    /** 1-based number of the line last returned. */
    long lineNumber() { return lineNumber; }

    Path file() { return file; }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
