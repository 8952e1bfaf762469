package frontier.simulate.workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The per-request file vLLM's benchmark harness writes ({@code requests.jsonl}): request_id,
 * input_toks, output_toks, arrival_time (client wall clock, s) and the engine's queued_ts,
 * scheduled_ts, first_token_ts, last_token_ts (monotonic clock, s).
 *
 * <p>Arrivals are {@code queued_ts - min(queued_ts)}: when the engine saw the request, on the clock
 * its TTFT (first_token_ts - queued_ts) is measured with, so a replay loads the simulated engine
 * as the real one was loaded. In the shipped RTX PRO 6000 runs, queued_ts trails the client's
 * arrival_time by 0 to 0.11 s (median about 0.02 s): the engine takes new requests in between
 * its steps. With data parallelism each engine stamps its own requests, so file order is not
 * queue order (the Qwen3-30B-A3B DP2 run has 29 sub-millisecond inversions); the file, small by
 * nature (one benchmark run), is therefore read whole and sorted by queued_ts.
 *
 * <p>A line without queued_ts, input_toks or output_toks (a request that never reached the
 * engine or whose counts were not recorded) is skipped and counted whatever the skip option says;
 * other bad lines fail unless skipping was allowed.
 */
final class VllmBenchReader implements RequestSource {
    private static final String[] NEEDED = {"queued_ts", "input_toks", "output_toks"};

    private record Entry(long queuedNs, int input, int output, String requestId) {}

    private final List<Entry> entries = new ArrayList<>();
    private final RowRules rules;
    private long minNs = Long.MAX_VALUE;
    private int next;

    VllmBenchReader(Path file, boolean skipBadRows) {
        this.rules = new RowRules(file, skipBadRows, true, false);
        try (var lines = new TextLines(file)) {
            String line;
            while ((line = lines.next()) != null) {
                if (line.isBlank()) continue;
                try {
                    JsonNode o = JsonLines.object(line);
                    if (incomplete(o)) {
                        rules.drop();
                        continue;
                    }
                    long ns = Numbers.toNs(JsonLines.number(o, "queued_ts"), Numbers.NS_PER_S, "'queued_ts'");
                    int input = RowRules.tokens(JsonLines.count(o, "input_toks"), "input_toks");
                    int output = RowRules.tokens(JsonLines.count(o, "output_toks"), "output_toks");
                    String id = JsonLines.missing(o, "request_id") ? Long.toString(lines.lineNumber()) : o.get("request_id").asString();
                    entries.add(new Entry(ns, input, output, id));
                    minNs = Math.min(minNs, ns);
                } catch (BadRow bad) {
                    rules.reject(lines.lineNumber(), bad);
                }
            }
        }
        entries.sort(Comparator.comparingLong(Entry::queuedNs));
    }

    private static boolean incomplete(JsonNode o) {
        for (String key : NEEDED) {
            if (JsonLines.missing(o, key)) return true;
        }
        return false;
    }

    @Override
    public Request next() {
        if (next >= entries.size()) return null;
        int i = next++;
        Entry e = entries.get(i);
        return new Request(i, e.queuedNs - minNs, e.input, e.output, null, 0, e.requestId);
    }

    @Override
    public long skippedRows() { return rules.skipped(); }
}
