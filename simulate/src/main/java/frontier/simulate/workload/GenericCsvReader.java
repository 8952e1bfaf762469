package frontier.simulate.workload;

import java.nio.file.Path;
import java.util.List;

/**
 * A plain CSV trace: arrival in seconds from the start of the workload (arrival_s,
 * arrival_time_s or timestamp_s), input_tokens, output_tokens and an optional id. Arrivals are
 * taken as written, not shifted, so a trace may start after time zero.
 */
final class GenericCsvReader extends LineTraceReader {
    static final String LAYOUT = "CSV trace";
    static final String[] ARRIVAL = {"arrival_s", "arrival_time_s", "timestamp_s"};
    static final String[] INPUT = {"input_tokens"};
    static final String[] OUTPUT = {"output_tokens"};
    static final String[] ID = {"id", "request_id"};

    private final TableHeader header;
    private final int arrival;
    private final int input;
    private final int output;
    private final int id;

    GenericCsvReader(Path file, boolean skipBadRows) {
        super(file, skipBadRows, false);
        this.header = TableHeader.read(lines);
        this.arrival = header.require(LAYOUT, ARRIVAL);
        this.input = header.require(LAYOUT, INPUT);
        this.output = header.require(LAYOUT, OUTPUT);
        this.id = header.optional(ID);
    }

    @Override
    Request parse(String line) throws BadRow {
        List<String> f = header.fields(line);
        String sourceId = id >= 0 && !f.get(id).isEmpty() ? f.get(id) : lineId();
        return rules.accept(Numbers.toNs(f.get(arrival), Numbers.NS_PER_S, header.names().get(arrival)),
                Numbers.count(f.get(input), "input_tokens"), Numbers.count(f.get(output), "output_tokens"),
                null, 0, sourceId);
    }
}
