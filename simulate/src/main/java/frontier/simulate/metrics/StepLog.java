package frontier.simulate.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import frontier.calibrate.io.BackgroundSink;
import frontier.calibrate.io.Column;
import frontier.simulate.schedule.Batch;

/**
 * Streams one row per instance step to steps.parquet (or nothing, when steps are not wanted).
 * Data-parallel ranks of an instance step together; their batches are summed into one row.
 */
public final class StepLog implements AutoCloseable {
    public static final List<Column> COLUMNS = List.of(
            Column.str("cluster"), Column.lng("instance"), Column.lng("step"), Column.dbl("start_s"), Column.dbl("duration_ms"),
            Column.lng("prefill_tokens"), Column.lng("prefill_seqs"), Column.lng("decode_seqs"), Column.lng("batch_tokens"),
            Column.lng("padded_batch"), Column.lng("dp_ranks_busy"), Column.lng("kv_blocks_used"), Column.lng("kv_blocks_total"),
            Column.lng("running"), Column.lng("waiting"), Column.dbl("moe_max_rank_load_ratio"), Column.dbl("hidden_comm_share"));

    private final BackgroundSink sink;
    private ChromeTrace trace;
    private long steps;
    private final Map<String, Double> busyNs = new HashMap<>();
    private String lastCluster;
    private double lastBusy;
    private Listener listener;

    /** Receives each step as it is logged (validation compares the engine's own timeline; the run report samples it). */
    public interface Listener {
        void step(String cluster, int instance, long startNs, long durationNs, int decodeTokens, int running, int waiting,
                  long kvUsed, long kvTotal);
    }

    public void listen(Listener l) {
        this.listener = l;
    }

    public StepLog(Path file) throws IOException {
        this.sink = file == null ? null : new BackgroundSink(file, COLUMNS);
    }

    public void step(String cluster, int instance, long step, long startNs, long durationNs, Batch[] batches, int ranks,
                     long kvUsed, long kvTotal, int running, int waiting, double moeLoad, double hidden) throws IOException {
        steps++;
        if (!cluster.equals(lastCluster)) {
            if (lastCluster != null) busyNs.merge(lastCluster, lastBusy, Double::sum);
            lastCluster = cluster;
            lastBusy = 0;
        }
        lastBusy += durationNs;
        if (sink == null && listener == null && trace == null) return;
        long prefillTokens = 0, prefillSeqs = 0, decodeSeqs = 0, tokens = 0, padded = 0, busy = 0;
        for (int r = 0; r < ranks; r++) {
            Batch b = batches[r];
            prefillTokens += b.prefillTokenSum;
            prefillSeqs += b.prefillCount;
            decodeSeqs += b.decodeCount;
            tokens += b.totalTokens;
            padded += b.paddedDecode;
            if (!b.isEmpty()) busy++;
        }
        if (listener != null) listener.step(cluster, instance, startNs, durationNs, (int) decodeSeqs, running, waiting, kvUsed, kvTotal);
        if (trace != null) trace.step(cluster, instance, startNs, durationNs, prefillTokens, prefillSeqs, decodeSeqs, tokens);
        if (sink == null) return;
        sink.set(0, cluster).set(1, (long) instance).set(2, step).set(3, startNs / 1e9).set(4, durationNs / 1e6)
                .set(5, prefillTokens).set(6, prefillSeqs).set(7, decodeSeqs).set(8, tokens).set(9, padded).set(10, busy)
                .set(11, kvUsed).set(12, kvTotal).set(13, (long) running).set(14, (long) waiting).set(15, moeLoad).set(16, hidden);
        sink.endRow();
    }

    public long steps() { return steps; }

    /** Also draws every step on a trace timeline. */
    public void traceTo(ChromeTrace t) { this.trace = t; }

    /** Total step time of a cluster's instances, in ns. */
    public double busyNs(String cluster) {
        double b = busyNs.getOrDefault(cluster, 0.0);
        return cluster.equals(lastCluster) ? b + lastBusy : b;
    }

    @Override
    public void close() throws IOException {
        if (sink != null) sink.close();
    }
}
