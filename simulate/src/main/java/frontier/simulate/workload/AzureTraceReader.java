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
            .toFormatter();

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
}
