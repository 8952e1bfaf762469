package frontier.simulate.workload;

import java.nio.file.Path;

/** A trace read line by line: one request per non-blank line, bad lines failed or skipped. */
abstract sealed class LineTraceReader implements RequestSource
        permits AzureTraceReader, MooncakeTraceReader, GenericCsvReader {
    final TextLines lines;
    final RowRules rules;

    LineTraceReader(Path file, boolean skipBadRows, boolean fromFirstRow) {
        this.lines = new TextLines(file);
        this.rules = new RowRules(file, skipBadRows, fromFirstRow, false);
    }

    /** Turns one non-blank line into a request (through {@link #rules}). */
    abstract Request parse(String line) throws BadRow;

    @Override
    public final Request next() {
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) continue;
            try {
                return parse(line);
            } catch (BadRow bad) {
                rules.reject(lines.lineNumber(), bad);
            }
        }
        return null;
    }

    @Override
    public final long skippedRows() { return rules.skipped(); }

    @Override
    public final void close() { lines.close(); }

    String lineId() { return Long.toString(lines.lineNumber()); }
}
