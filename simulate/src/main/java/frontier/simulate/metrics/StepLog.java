package frontier.simulate.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import frontier.calibrate.io.Column;
import frontier.calibrate.io.BackgroundSink;
import frontier.simulate.schedule.Batch;

/** Streams one row per instance step to steps.parquet (or nothing, when steps are not wanted). */
public final class StepLog implements AutoCloseable {
    public static final List<Column> COLUMNS = List.of(
            Column.str("cluster"), Column.lng("instance"), Column.lng("step"), Column.dbl("start_s"), Column.dbl("duration_ms"),
            Column.lng("prefill_tokens"), Column.lng("prefill_seqs"), Column.lng("decode_seqs"), Column.lng("batch_tokens"),
            Column.lng("padded_batch"), Column.lng("kv_blocks_used"), Column.lng("kv_blocks_total"), Column.lng("running"),
            Column.lng("waiting"));

    private final BackgroundSink sink;
    private long steps;
    private double busyNs;

    public StepLog(Path file) throws IOException {
        this.sink = file == null ? null : new BackgroundSink(file, COLUMNS);
    }

    public void step(String cluster, int instance, long step, long startNs, long durationNs, Batch b, long kvUsed,
                     long kvTotal, int running, int waiting) throws IOException {
        steps++;
        busyNs += durationNs;
        if (sink == null) return;
        sink.set(0, cluster).set(1, (long) instance).set(2, step).set(3, startNs / 1e9).set(4, durationNs / 1e6)
                .set(5, (long) b.prefillTokenSum).set(6, (long) b.prefillCount).set(7, (long) b.decodeCount)
                .set(8, (long) b.totalTokens).set(9, (long) b.paddedDecode).set(10, kvUsed).set(11, kvTotal)
                .set(12, (long) running).set(13, (long) waiting);
        sink.endRow();
    }

    public long steps() { return steps; }
    public double busyNs() { return busyNs; }

    @Override
    public void close() throws IOException {
        if (sink != null) sink.close();
    }
}
