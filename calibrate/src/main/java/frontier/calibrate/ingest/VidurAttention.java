package frontier.calibrate.ingest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Provenance;

/**
 * Vidur/Frontier {@code attention.csv}. Every row has a column for both attention kernels, but
 * only the one matching the row's batch ran: a prefill row's {@code attn_decode} holds the timer's
 * own overhead (zero under kernel-only timing). That cell is not a decode measurement, and the row
 * itself is used, so it is neither read nor counted. Row kinds, as the Frontier profiler builds them:
 * <ul>
 * <li>decode: {@code batch_size} sequences, each one new token over {@code kv_cache_size} cached
 *     tokens, so it attends to kv_cache_size + 1 keys;</li>
 * <li>prefill: {@code batch_size} sequences of {@code prefill_chunk_size} new tokens over
 *     {@code kv_cache_size} cached ones; ragged batches ({@code is_mixed_batch}) record their
 *     lengths as {@code avg_seq_len}/{@code max_seq_len} instead, over the same cached prefix;</li>
 * <li>true mixed ({@code is_true_mixed_batch}): prefill sequences and decodes in one batch; the
 *     batch's attention time is the prefill kernel plus the decode kernel. Mapped to
 *     {@link Family#ATTENTION_MIXED} with prefill_tokens summed over the prefill sequences and
 *     prefill_kv/decode_kv the mean cached history, as LLMServingSim records them.</li>
 * </ul>
 * {@code attn_kv_cache_save} (writing the new keys and values) is an elementwise op over the
 * batch's new tokens, {@code 2 · kv_heads · head_dim} wide per GPU. The layout reshapes are
 * views with no kernel of their own; they are counted as not mapped.
 */
final class VidurAttention {
    private VidurAttention() {}

    private enum Kind { PREFILL, DECODE, MIXED }

    static void read(VidurTable v, KnownHeadDims known, IngestReport out) {
        if (v.missing(out, "attention", "n_embd", "n_q_head", "batch_size", "kv_cache_size", "is_prefill")) return;
        int n = v.rows;
        double[] tp = v.numOr("num_tensor_parallel_workers", 1);
        AttentionHeads[] heads = v.heads(v.num("n_embd"), VidurTable.nan(n), tp, known);
        Batch[] batches = Batch.all(v);
        String[] kvDtype = kvDtype(v);

        VidurTable.Timing prefill = v.timing("attn_prefill"), decode = v.timing("attn_decode");
        Map<String, Provenance> byBackend = new HashMap<>();
        String[] backend = v.text("attention_backend");
        for (int i = 0; i < n; i++) {
            Batch b = batches[i];
            AttentionHeads h = heads[i];
            Provenance prov = byBackend.computeIfAbsent(backend[i], k -> v.provenance(backendName(k)));
            String[] cats = {kvDtype[i]};
            switch (b.kind()) {
                case PREFILL -> {
                    if (!present(prefill, i)) continue;
                    double[] shape = {b.seqs(), b.qLen(), b.kvLen(), b.kvLenMax(), h.heads(), h.kvHeads(), h.headDim(), 0};
                    RowCheck.accept(out, v.file, Family.ATTENTION_PREFILL, shape, cats,
                            prefill.medianUs()[i], prefill.stdUs()[i], prov);
                }
                case DECODE -> {
                    if (!present(decode, i)) continue;
                    double[] shape = {b.seqs(), b.kvLen(), b.kvLenMax(), h.heads(), h.kvHeads(), h.headDim(), 0};
                    RowCheck.accept(out, v.file, Family.ATTENTION_DECODE, shape, cats,
                            decode.medianUs()[i], decode.stdUs()[i], prov);
                }
                case MIXED -> mixed(v, out, i, b, h, prefill, decode, cats, prov);
            }
        }

        v.forEachOp(out, (op, timing) -> {
            switch (op) {
                case "attn_prefill", "attn_decode" -> { }
                case "attn_kv_cache_save" -> v.emit(out, timing, Family.ELEMENTWISE,
                        i -> new double[] {batches[i].newTokens(), heads[i].kvWidth()},
                        i -> new String[] {op}, v.provenance("vidur:" + op));
                case "attn_input_reshape", "attn_output_reshape" ->
                        v.rejectOp(out, op, "layout view with no kernel of its own (zero under kernel-only timing), "
                                + "not mapped");
                default -> v.rejectOp(out, op, "no Frontier operator family for this op");
            }
        });
    }

    private static void mixed(VidurTable v, IngestReport out, int i, Batch b, AttentionHeads h,
                              VidurTable.Timing prefill, VidurTable.Timing decode, String[] cats, Provenance prov) {
        if (!present(prefill, i) && !present(decode, i)) return;
        double p = prefill == null ? Double.NaN : prefill.medianUs()[i];
        double d = decode == null ? Double.NaN : decode.medianUs()[i];
        if (!(p > 0) || !(d > 0)) {
            // a sum with one part missing would pass the latency check and understate the batch
            out.reject(v.file, "attention_mixed: prefill or decode part missing, NaN or zero");
            return;
        }
        double sp = prefill.stdUs()[i], sd = decode.stdUs()[i];
        double[] shape = {b.prefillTokens(), b.prefillKv(), b.seqs(), b.decodeKv(), h.heads(), h.kvHeads(), h.headDim()};
        RowCheck.accept(out, v.file, Family.ATTENTION_MIXED, shape, cats, p + d, Math.sqrt(sp * sp + sd * sd), prov);
    }

    private static boolean present(VidurTable.Timing t, int i) {
        return t != null && t.present()[i];
    }

    /** "AttentionBackend.FLASHINFER" → "flashinfer". */
    static String backendName(String backend) {
        if (backend == null || backend.isBlank()) return "vidur:attention";
        String b = backend.strip();
        return b.substring(b.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    /** The profilers ran attention with a bf16 KV cache (fp8 KV kernels were unavailable to them). */
    private static String[] kvDtype(VidurTable v) {
        String[] column = v.text("kv_cache_dtype");
        String[] out = new String[v.rows];
        for (int i = 0; i < v.rows; i++) {
            Dtype d = Dtype.parseOrNull(column[i]);
            out[i] = d == null ? "bfloat16" : d.label();
        }
        return out;
    }

    /**
     * One row's batch shape. Prefill lengths are per sequence (mean and max); kv lengths count
     * every key a query attends to, cached or new.
     */
    private record Batch(Kind kind, double seqs, double qLen, double kvLen, double kvLenMax, double newTokens,
                         double prefillTokens, double prefillKv, double decodeKv) {

        static Batch[] all(VidurTable v) {
            int n = v.rows;
            double[] batch = v.num("batch_size"), cached = v.num("kv_cache_size");
            double[] chunk = v.numOr("prefill_chunk_size", 0), total = v.numOr("total_tokens", Double.NaN);
            double[] avg = v.numOr("avg_seq_len", Double.NaN), max = v.numOr("max_seq_len", Double.NaN);
            boolean[] prefill = v.flag("is_prefill"), ragged = v.flag("is_mixed_batch");
            boolean[] mixed = v.flag("is_true_mixed_batch");
            String[] mode = v.text("mode");
            Batch[] out = new Batch[n];
            for (int i = 0; i < n; i++) {
                double tokens = total[i];
                if (mixed[i] || "true_mixed".equals(mode[i])) {
                    out[i] = trueMixed(v, i);
                } else if (!prefill[i]) {
                    // one new token per sequence, attending to the cache and itself
                    double kv = cached[i] + 1;
                    out[i] = new Batch(Kind.DECODE, batch[i], 1, kv, kv, batch[i], 0, 0, 0);
                } else if (ragged[i] && !Double.isNaN(avg[i])) {
                    if (Double.isNaN(tokens)) tokens = avg[i] * batch[i];
                    out[i] = new Batch(Kind.PREFILL, batch[i], avg[i], avg[i] + cached[i], max[i] + cached[i],
                            tokens, 0, 0, 0);
                } else {
                    if (Double.isNaN(tokens)) tokens = chunk[i] * batch[i];
                    double kv = chunk[i] + cached[i];
                    out[i] = new Batch(Kind.PREFILL, batch[i], chunk[i], kv, kv, tokens, 0, 0, 0);
                }
            }
            return out;
        }

        /** True mixed rows are few; their list columns are parsed only for them. */
        private static Batch trueMixed(VidurTable v, int i) {
            double[] prefillLens = VidurTable.list(v.text("prefill_seq_lens")[i]);
            double[] prefillKvs = VidurTable.list(v.text("prefill_kv_cache_sizes")[i]);
            double[] decodeKvs = VidurTable.list(v.text("decode_kv_cache_sizes")[i]);
            double prefillTokens = cell(v, "total_prefill_tokens", i);
            if (Double.isNaN(prefillTokens)) prefillTokens = sum(prefillLens);
            double decodes = cell(v, "num_decode_seqs", i);
            if (Double.isNaN(decodes)) decodes = decodeKvs == null ? Double.NaN : decodeKvs.length;
            double decodeKv = cell(v, "decode_avg_kv_cache_size", i);
            if (Double.isNaN(decodeKv)) decodeKv = mean(decodeKvs);
            double prefillKv = prefillKvs == null ? 0 : mean(prefillKvs);
            return new Batch(Kind.MIXED, decodes, Double.NaN, Double.NaN, Double.NaN, prefillTokens + decodes,
                    prefillTokens, prefillKv, decodeKv);
        }

        private static double cell(VidurTable v, String column, int i) {
            double[] c = v.num(column);
            return c == null ? Double.NaN : c[i];
        }

        private static double sum(double[] xs) {
            if (xs == null) return Double.NaN;
            double s = 0;
            for (double x : xs) s += x;
            return s;
        }

        private static double mean(double[] xs) {
            return xs == null || xs.length == 0 ? Double.NaN : sum(xs) / xs.length;
        }
    }
}
