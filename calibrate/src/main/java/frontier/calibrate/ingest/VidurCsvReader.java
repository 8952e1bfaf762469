package frontier.calibrate.ingest;

import frontier.calibrate.io.TableData;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.IngestReport;

/**
 * Vidur-style profile tables (microsoft/vidur and NetX-lab/Frontier): columns
 * {@code time_stats.<op>.{min,max,mean,median,std}} in milliseconds followed by shape columns.
 * The median becomes the latency and the std the spread, both in µs; a row holding several ops
 * becomes one measurement per op it has a value for. Which kind of table it is follows from its
 * shape columns, since the file names vary between profiler generations:
 * <ul>
 * <li>{@code collective} + {@code size}: network ({@link VidurNetwork})</li>
 * <li>{@code num_experts} + {@code router_topk}: MoE ({@link VidurMoe})</li>
 * <li>{@code is_prefill} + {@code kv_cache_size}: attention ({@link VidurAttention})</li>
 * <li>{@code num_tokens} + {@code n_embd}: token-level linear ops ({@link VidurLinear})</li>
 * </ul>
 * Device ("a800") and framework ("vidur" or "frontier") come from the folder layout; a
 * {@code measurement_type} of KERNEL_ONLY marks the kernel name, because those timings leave out
 * the launch gaps that CUDA-event timings include. The model configs supply head sizes the
 * tables leave out ({@link KnownHeadDims}).
 */
public record VidurCsvReader(ModelConfigs models) implements ProfileReader {

    public VidurCsvReader() {
        this(ModelConfigs.shipped());
    }

    @Override public String format() { return "vidur"; }

    @Override
    public boolean recognizes(TableData t) {
        return VidurTable.isVidur(t);
    }

    @Override
    public void read(TableData t, IngestReport out) {
        var v = new VidurTable(t);
        if (t.has("collective") && t.has("size")) {
            VidurNetwork.read(v, out);
        } else if (t.has("num_experts") && t.has("router_topk")) {
            VidurMoe.read(v, out);
        } else if (t.has("is_prefill") && t.has("kv_cache_size")) {
            VidurAttention.read(v, new KnownHeadDims(models), out);
        } else if (t.has("num_tokens") && t.has("n_embd")) {
            VidurLinear.read(v, new KnownHeadDims(models), out);
        } else {
            out.skip(v.file + ": Vidur-style timings of unknown kind (expected network, moe, attention or "
                    + "token-level shape columns; have " + String.join(", ", t.columnNames().stream()
                    .filter(c -> !c.startsWith("time_stats.")).limit(12).toList()) + ")");
        }
    }
}
