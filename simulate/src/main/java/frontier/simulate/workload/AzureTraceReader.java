package frontier.simulate.workload;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;

/**
 * The Azure LLM inference trace (2023 and 2024 releases): TIMESTAMP is a wall-clock date-time
 * with up to nine fractional digits, ContextTokens the prompt and GeneratedTokens the output.
 * Arrivals count from the first row's timestamp.
 */
final class AzureTraceReader extends LineTraceReader {
    static final String LAYOUT = "Azure LLM trace";

    /** "2023-11-16 18:15:46.6805900"; a 'T' separator and a UTC offset ("+00:00") are accepted too. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private final TableHeader header;
    private final int time;
    private final int context;
    private final int generated;

    AzureTraceReader(Path file, boolean skipBadRows) {
        super(file, skipBadRows, true);
        this.header = TableHeader.read(lines);
        this.time = header.require(LAYOUT, "TIMESTAMP");
        this.context = header.require(LAYOUT, "ContextTokens");
        this.generated = header.require(LAYOUT, "GeneratedTokens");
    }

    @Override
    Request parse(String line) throws BadRow {
        List<String> f = header.fields(line);
        return rules.accept(epochNs(f.get(time)), Numbers.count(f.get(context), "ContextTokens"),
                Numbers.count(f.get(generated), "GeneratedTokens"), null, 0, lineId());
    }

    static long epochNs(String text) throws BadRow {
        long fast = plainEpochNs(text);
        if (fast != Long.MIN_VALUE) return fast;
        try {
            TemporalAccessor t = TIMESTAMP.parse(text.strip());
            long seconds = LocalDateTime.from(t).toEpochSecond(ZoneOffset.UTC);
            if (t.isSupported(ChronoField.OFFSET_SECONDS)) seconds -= t.getLong(ChronoField.OFFSET_SECONDS);
            return Math.addExact(Math.multiplyExact(seconds, Numbers.NS_PER_S), t.getLong(ChronoField.NANO_OF_SECOND));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadRow("TIMESTAMP '" + text + "' is not a date-time like 2023-11-16 18:15:46.6805900",
                    "fix the row");
        }
    }

    /**
     * The trace's own shape, "yyyy-MM-dd HH:mm:ss[.f...]" without offset, read digit by digit: the
     * general formatter costs about 3 us a row, most of the time spent on a million-row trace.
     * Long.MIN_VALUE when the text has another shape or an impossible date, for the formatter to judge.
     */
    static long plainEpochNs(String t) {
        int n = t.length();
        if (n < 19 || n == 20 || n > 29 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || (t.charAt(10) != ' ' && t.charAt(10) != 'T') || (n > 19 && t.charAt(19) != '.')) {
            return Long.MIN_VALUE;
        }
        int year = digits(t, 0, 4), month = digits(t, 5, 7), day = digits(t, 8, 10);
        int hour = digits(t, 11, 13), minute = digits(t, 14, 16), second = digits(t, 17, 19);
        int fraction = n > 19 ? digits(t, 20, n) : 0;
        if ((year | month | day | hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        long epochDay;
        try {
            epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
        long nanos = fraction;
        for (int i = n; i < 29 && n > 19; i++) nanos *= 10;
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000_000_000L + second * Numbers.NS_PER_S + nanos;
    }

    /** The decimal number in t[from, to), or -1 when a character is not a digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }
}
