package frontier.simulate.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import frontier.calibrate.io.BackgroundSink;
import frontier.calibrate.io.Column;

/** The transfer ledger: one row per KV-cache or activation transfer (transfers.parquet). */
public final class TransferLog implements AutoCloseable {
    public static final List<Column> COLUMNS = List.of(Column.str("kind"), Column.lng("request_id"), Column.dbl("bytes"),
            Column.str("link"), Column.dbl("start_s"), Column.dbl("end_s"), Column.dbl("duration_ms"));

    private final BackgroundSink sink;
    private ChromeTrace trace;
    private long transfers;
    private double bytes;

    public TransferLog(Path file) throws IOException {
        this.sink = file == null ? null : new BackgroundSink(file, COLUMNS);
    }

    public void transfer(String kind, long requestId, double bytes, String link, long startNs, long endNs) throws IOException {
        transfers++;
        this.bytes += bytes;
        if (trace != null) trace.transfer(kind, requestId, bytes, link, startNs, endNs);
        if (sink == null) return;
        sink.set(0, kind).set(1, requestId).set(2, bytes).set(3, link).set(4, startNs / 1e9).set(5, endNs / 1e9)
                .set(6, (endNs - startNs) / 1e6);
        sink.endRow();
    }

    /** Also draws every transfer on a trace timeline. */
    public void traceTo(ChromeTrace t) { this.trace = t; }

    public long transfers() { return transfers; }
    public double bytes() { return bytes; }

    @Override
    public void close() throws IOException {
        if (sink != null) sink.close();
    }
}
