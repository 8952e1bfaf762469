package frontier.simulate.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import frontier.calibrate.io.Column;
import frontier.calibrate.io.BackgroundSink;
import frontier.simulate.schedule.Sequence;
import frontier.simulate.workload.Request;

/**
 * Streams one row per request to requests.parquet as requests finish (or are refused), and keeps
 * only what the summary needs: the per-request latencies as floats. With no file, nothing is
 * written but every count and distribution is kept (batch validation runs thousands of cases
 * and needs only their statistics).
 */
public final class RequestLog implements AutoCloseable {
    public static final List<Column> COLUMNS = List.of(
            Column.lng("request_id"), Column.str("source_id"), Column.str("status"), Column.str("cluster"),
            Column.lng("instance"), Column.dbl("arrival_s"), Column.dbl("queued_s"), Column.dbl("first_scheduled_s"), Column.dbl("first_token_s"),
            Column.dbl("completion_s"), Column.lng("input_tokens"), Column.lng("output_tokens"),
            Column.lng("cached_prefix_tokens"), Column.lng("preemptions"), Column.dbl("ttft_ms"), Column.dbl("tpot_ms"),
            Column.dbl("e2e_ms"), Column.dbl("max_itl_ms"));

    private final BackgroundSink sink;
    private ChromeTrace trace;
    public final Distribution ttftMs = new Distribution();
    public final Distribution tpotMs = new Distribution();
    public final Distribution e2eMs = new Distribution();
    public final LogHistogram itl = new LogHistogram();
    private long completed;
    private long refused;
    private String firstRefusal;
    private long inputTokens;
    private long outputTokens;
    private long goodRequests;
    private long goodOutputTokens;
    private final double sloTtftMs;
    private final double sloTpotMs;
    private long lastCompletionNs;
    private Listener listener;

    /** Receives each completed request's latencies (validation matches them to measurements). */
    public interface Listener {
        /**
         * @param queuedMs how long the request waited before the engine's scheduler took it in (vLLM
         *                 stamps a request's queue time then, and measures its TTFT and E2E from there)
         */
        void completed(Request r, double queuedMs, double ttftMs, double tpotMs, double e2eMs);
    }

    public void listen(Listener l) {
        this.listener = l;
    }

    /** @param file requests.parquet, or null to write nothing */
    public RequestLog(Path file, double sloTtftMs, double sloTpotMs) throws IOException {
        this.sink = file == null ? null : new BackgroundSink(file, COLUMNS);
        this.sloTtftMs = sloTtftMs;
        this.sloTpotMs = sloTpotMs;
    }

    private static double s(long ns) {
        return ns < 0 ? Double.NaN : ns / 1e9;
    }

    public void completed(Sequence seq, String cluster, int instance, long nowNs) throws IOException {
        Request r = seq.request;
        double ttft = (seq.firstTokenNs - r.arrivalNs()) / 1e6;
        double tpot = seq.outputs() > 1 ? (seq.lastTokenNs - seq.firstTokenNs) / 1e6 / (seq.outputs() - 1) : Double.NaN;
        double e2e = (nowNs - r.arrivalNs()) / 1e6;
        ttftMs.add(ttft);
        tpotMs.add(tpot);
        e2eMs.add(e2e);
        if (listener != null) listener.completed(r, (seq.seenNs - r.arrivalNs()) / 1e6, ttft, tpot, e2e);
        if (trace != null) {
            trace.request(r.id(), cluster, instance, r.arrivalNs(), seq.firstScheduledNs, seq.firstTokenNs, nowNs, r.inputTokens(),
                    seq.outputs());
        }
        completed++;
        inputTokens += r.inputTokens();
        outputTokens += seq.outputs();
        lastCompletionNs = Math.max(lastCompletionNs, nowNs);
        boolean good = (sloTtftMs <= 0 || ttft <= sloTtftMs) && (sloTpotMs <= 0 || Double.isNaN(tpot) || tpot <= sloTpotMs);
        if (good) {
            goodRequests++;
            goodOutputTokens += seq.outputs();
        }
        if (sink == null) return;
        sink.set(0, r.id()).set(1, r.sourceId()).set(2, "completed").set(3, cluster).set(4, (long) instance)
                .set(5, s(r.arrivalNs())).set(6, s(seq.seenNs)).set(7, s(seq.firstScheduledNs)).set(8, s(seq.firstTokenNs))
                .set(9, s(nowNs)).set(10, (long) r.inputTokens()).set(11, (long) seq.outputs())
                .set(12, (long) seq.cachedPromptTokens()).set(13, (long) seq.preemptions()).set(14, ttft).set(15, tpot).set(16, e2e)
                .set(17, seq.maxGapNs / 1e6);
        sink.endRow();
    }

    /** A request the deployment cannot serve at all (longer than the context, larger than the KV cache). */
    public void refused(Request r, String why) throws IOException {
        if (refused++ == 0) firstRefusal = why + " (source id " + r.sourceId() + ")";
        if (sink == null) return;
        sink.set(0, r.id()).set(1, r.sourceId()).set(2, "refused: " + why).set(5, s(r.arrivalNs()))
                .set(10, (long) r.inputTokens()).set(11, 0L);
        sink.endRow();
    }

    public long completedCount() { return completed; }
    public long refusedCount() { return refused; }

    /** Also draws every completed request on a trace timeline. */
    public void traceTo(ChromeTrace t) { this.trace = t; }

    /** Why the first refused request could not be served, null when none was. */
    public String firstRefusal() { return firstRefusal; }
    public long inputTokens() { return inputTokens; }
    public long outputTokens() { return outputTokens; }
    public long goodRequests() { return goodRequests; }
    public long goodOutputTokens() { return goodOutputTokens; }
    public long lastCompletionNs() { return lastCompletionNs; }

    @Override
    public void close() throws IOException {
        if (sink != null) sink.close();
    }
}
