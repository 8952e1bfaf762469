package frontier.simulate.workload;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Parsing of the numbers traces hold. Times go through BigDecimal so that "481801.486576325" s
 * becomes exactly 481801486576325 ns: a double would already be off in the last digit.
 */
final class Numbers {
    private Numbers() {}

    static final long NS_PER_S = 1_000_000_000L;
    static final long NS_PER_MS = 1_000_000L;

    /** A decimal time in units of {@code unitNs} nanoseconds, rounded to the nearest nanosecond. */
    static long toNs(BigDecimal value, long unitNs, String what) throws BadRow {
        try {
            return value.multiply(BigDecimal.valueOf(unitNs)).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        } catch (ArithmeticException e) {
            throw new BadRow(what + " " + value.toPlainString() + " is out of range", "fix the row");
        }
    }

    static long toNs(String text, long unitNs, String what) throws BadRow {
        if (text == null || text.isBlank()) throw new BadRow(what + " is empty", "fill it in");
        try {
            return toNs(new BigDecimal(text.strip()), unitNs, what);
        } catch (NumberFormatException e) {
            throw new BadRow(what + " '" + text + "' is not a number", "fix the row");
        }
    }

    /** A token count written as a whole number ("512" or "512.0"). */
    static long count(String text, String what) throws BadRow {
        if (text == null || text.isBlank()) throw new BadRow(what + " is empty", "fill it in");
        String t = text.strip();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notLong) {
            try {
                return wholeNumber(new BigDecimal(t), what);
            } catch (NumberFormatException e) {
                throw new BadRow(what + " '" + text + "' is not a number", "fix the row");
            }
        }
    }

    static long wholeNumber(BigDecimal value, String what) throws BadRow {
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new BadRow(what + " " + value.toPlainString() + " is not a whole number", "fix the row");
        }
    }

    static long count(double value, String what) throws BadRow {
        if (Double.isNaN(value)) throw new BadRow(what + " is missing", "fill it in");
        if (value != Math.rint(value) || Math.abs(value) > 1e15) {
            throw new BadRow(what + " " + value + " is not a whole number", "fix the row");
        }
        return (long) value;
    }

    /** Nanoseconds as seconds without trailing zeros, for messages ("3.2", "0.000001"). */
    static String seconds(long ns) {
        return BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString();
    }
}
