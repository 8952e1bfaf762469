package frontier.simulate.workload;

import java.nio.file.Path;

import frontier.calibrate.UserInputException;

/**
 * The checks every trace row passes before it becomes a request, shared by the readers so that
 * all formats fail (or skip) the same way: arrivals must not be negative nor decrease, token
 * counts must be positive. A rejected row either stops the run with a one-line message naming
 * the file and row, or, when the user allowed it, is counted and dropped.
 */
final class RowRules {
    static final String SKIP_FLAG = "--skip-bad-rows";

    private final Path file;
    private final boolean skipBadRows;
    private final boolean fromFirstRow;
    private final boolean rowsNotLines;
    private long skipped;
    private boolean accepted;
    private long originNs;
    private long previousNs;
    private long nextId;

    /**
     * @param fromFirstRow  arrivals count from the first accepted row (traces stamped with a
     *                      wall clock); otherwise they are taken as seconds from the start
     * @param rowsNotLines  locations are Parquet row numbers rather than text line numbers
     */
    RowRules(Path file, boolean skipBadRows, boolean fromFirstRow, boolean rowsNotLines) {
        this.file = file;
        this.skipBadRows = skipBadRows;
        this.fromFirstRow = fromFirstRow;
        this.rowsNotLines = rowsNotLines;
    }

    /** Checks one row and numbers it; {@code rawNs} is the arrival on the source's own clock. */
    Request accept(long rawNs, long input, long output, long[] prefixHashes, int hashBlockTokens, String sourceId)
            throws BadRow {
        long origin = fromFirstRow && !accepted ? rawNs : originNs;
        long ns = rawNs - origin;
        if (ns < 0 && !fromFirstRow) {
            throw new BadRow("arrival " + Numbers.seconds(ns) + " s is negative",
                    "arrival times count seconds from the start of the workload");
        }
        if (accepted && ns < previousNs) {
            throw new BadRow("arrival " + Numbers.seconds(ns) + " s is earlier than the previous row's "
                    + Numbers.seconds(previousNs) + " s", "sort the file by arrival time");
        }
        int in = tokens(input, "input tokens");
        int out = tokens(output, "output tokens");
        accepted = true;
        originNs = origin;
        previousNs = ns;
        return new Request(nextId++, ns, in, out, prefixHashes, hashBlockTokens, sourceId);
    }

    static int tokens(long n, String what) throws BadRow {
        if (n <= 0) throw new BadRow(what + " must be positive, got " + n, "fix the row");
        if (n > Integer.MAX_VALUE) throw new BadRow(what + " " + n + " is too large", "fix the row");
        return (int) n;
    }

    /** Fails with the row's location, or counts the row when skipping was allowed. */
    void reject(long location, BadRow bad) {
        if (!skipBadRows) {
            throw new UserInputException(where(location) + ": " + bad.problem() + "; " + bad.fix()
                    + " (or pass " + SKIP_FLAG + " to skip such rows)");
        }
        skipped++;
    }

    /** Counts a row that is dropped whatever the user chose (e.g. a request the engine never queued). */
    void drop() { skipped++; }

    String where(long location) {
        return rowsNotLines ? file + ": row " + location : file + ":" + location;
    }

    long skipped() { return skipped; }
}
