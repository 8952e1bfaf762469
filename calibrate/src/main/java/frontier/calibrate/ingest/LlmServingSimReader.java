package frontier.calibrate.ingest;

import java.util.HashMap;
import java.util.Map;

import frontier.calibrate.io.TableData;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Provenance;

/**
 * LLMServingSim layer profiles (casys-kaist/LLMServingSim; vLLM with CUDA-event timing per layer):
 * {@code <hw>/<org>/<model>/<variant>/tp<N>/<table>.csv}, latency {@code time_us} in µs. The
 * tables carry no dimensions, so the model config named by {@code meta.yaml} supplies them
 * ({@link LlmServingSimBundle}); without it every row is rejected with the fix in the reason.
 * The profiler emulates TP N on one GPU by dividing heads, intermediate size and vocabulary by N,
 * so shapes here are per GPU:
 * <ul>
 * <li>{@code dense.csv} (layer, tokens): qkv/o/gate_up/down projections are GEMMs; embedding and
 *     the norms are elementwise over the hidden size, {@code act_fn} over intermediate/TP, and
 *     {@code rotary_emb} and {@code qk_norm} over the query and key heads they touch,
 *     (heads + kv_heads)/TP · head_dim.</li>
 * <li>{@code attention.csv}: one call over a mixed batch, one prefill chunk of
 *     {@code prefill_chunk} tokens after {@code kv_prefill} cached ones and {@code n_decode}
 *     decodes over {@code kv_decode} cached tokens each. A row with neither part measured nothing.</li>
 * <li>{@code moe.csv} (tokens, activated_experts): the fused MoE block with routing forced so that
 *     exactly {@code activated_experts} experts receive the tokens' top-k pairs, dealt out
 *     cyclically. Stored as experts = activated_experts (so the expert weights read are the ones
 *     touched), top_k unchanged (it never exceeds activated_experts), skew 0, load_max_ratio 1
 *     (one rank) and load_cv the exact spread of the cyclic deal (0 when the pairs divide evenly).
 *     The block includes the router's gate and top-k, which the profiler could not separate.</li>
 * <li>{@code per_sequence.csv} (layer, sequences): {@code lm_head} computes this rank's vocabulary
 *     slice (vocab/TP); the {@code sampler} sees the gathered full vocabulary.</li>
 * <li>{@code skew.csv}: the same attention call over batches whose decodes are uneven: {@code n}
 *     decodes, {@code nb} of them over {@code kv_big} cached tokens and the rest over {@code kvs},
 *     beside a prefill chunk of {@code pc} tokens after {@code kp} cached ones (none in the
 *     {@code pure} regime). {@code t_skew_us} is the measured time and {@code t_mean_us} the time
 *     the profile gives the same call with every decode at the mean length, in the same units
 *     (three times attention.csv's: the ratio is what carries over). Mapped to
 *     {@link Family#ATTENTION_SKEW} with decode_kv the mean ({@code kv_mean}), decode_kv_max
 *     {@code kv_big} and even_us {@code t_mean_us}.</li>
 * <li>{@code skew_fit.csv}: the profiler's own fit to those rows, not measurements: skipped, as
 *     are skew tables in other releases' layouts, with the columns they lack named.</li>
 * </ul>
 */
public record LlmServingSimReader(ModelConfigs models) implements ProfileReader {

    public LlmServingSimReader() {
        this(ModelConfigs.shipped());
    }

    private enum Kind { DENSE, ATTENTION, MOE, PER_SEQUENCE, SKEW, SKEW_FIT, SKEW_OTHER }

    @Override public String format() { return "llmservingsim"; }

    @Override
    public boolean recognizes(TableData t) {
        return kind(t) != null;
    }

    private static Kind kind(TableData t) {
        if (t.has("time_us")) {
            if (t.has("prefill_chunk") && t.has("kv_prefill") && t.has("n_decode") && t.has("kv_decode")) {
                return Kind.ATTENTION;
            }
            if (t.has("tokens") && t.has("activated_experts")) return Kind.MOE;
            if (t.has("layer") && t.has("sequences")) return Kind.PER_SEQUENCE;
            if (t.has("layer") && t.has("tokens")) return Kind.DENSE;
        }
        if (t.has("t_skew_us") && t.has("t_mean_us") && t.has("kv_big") && t.has("kv_mean") && t.has("n") && t.has("pc")
                && t.has("kp")) {
            return Kind.SKEW;
        }
        if (t.has("alpha") && t.has("skew_rate_label")) return Kind.SKEW_FIT;
        // other releases of the profiler lay the skew measurements out otherwise (the batch as JSON)
        if (t.has("t_skew_us") || t.has("alpha") && t.has("kv_big")) return Kind.SKEW_OTHER;
        return null;
    }

    @Override
    public void read(TableData t, IngestReport out) {
        String file = t.source().toString();
        Kind kind = kind(t);
        if (kind == Kind.SKEW_FIT) {
            out.skip(file + ": LLMServingSim's fit to its decode-skew measurements (a fit, not measurements)");
            return;
        }
        if (kind == Kind.SKEW_OTHER) {
            out.skip(file + ": LLMServingSim decode-skew table in a layout Frontier does not read (it needs n, pc, kp, "
                    + "kv_mean, kv_big, t_mean_us and t_skew_us); uneven decodes stay priced at their mean length");
            return;
        }
        LlmServingSimBundle b;
        try {
            b = LlmServingSimBundle.of(t.source(), models);
        } catch (LlmServingSimBundle.Unusable e) {
            out.reject(file, e.getMessage(), t.rows());
            return;
        }
        var rows = new Rows(t, b, out, file, kind == Kind.SKEW ? "t_skew_us" : "time_us");
        switch (kind) {
            case DENSE -> dense(rows, b);
            case ATTENTION -> attention(rows, b);
            case MOE -> moe(rows, b);
            case PER_SEQUENCE -> perSequence(rows, b);
            case SKEW -> skew(rows, b);
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static void dense(Rows r, LlmServingSimBundle b) {
        ModelConfig c = b.model();
        AttentionHeads h = b.heads();
        double hidden = c.hiddenSize(), inter = (double) c.intermediateSize() / b.tp();
        String[] layer = r.text("layer");
        double[] tokens = r.num("tokens");
        for (int i = 0; i < r.n; i++) {
            double m = tokens[i];
            String name = layer[i] == null ? "" : layer[i];
            double[] gemm = switch (name) {
                case "qkv_proj" -> new double[] {m, h.qkvWidth(), hidden};
                case "o_proj" -> new double[] {m, hidden, h.qWidth()};
                case "gate_up_proj" -> new double[] {m, 2 * inter, hidden};
                case "down_proj" -> new double[] {m, hidden, inter};
                default -> null;
            };
            if (gemm != null) {
                r.accept(i, Family.GEMM, gemm, b.dtype(), layer[i]);
                continue;
            }
            double width = switch (name) {
                case "embedding", "layernorm", "final_layernorm" -> hidden;
                case "rotary_emb", "qk_norm" -> h.qkWidth();
                case "act_fn" -> inter;
                default -> Double.NaN;
            };
            if (Double.isNaN(width)) {
                r.out.reject(r.file, "dense layer '" + layer[i] + "' has no Frontier operator family");
            } else {
                r.accept(i, Family.ELEMENTWISE, new double[] {m, width}, layer[i], layer[i]);
            }
        }
    }

    private static void attention(Rows r, LlmServingSimBundle b) {
        AttentionHeads h = b.heads();
        double[] chunk = r.num("prefill_chunk"), kvPrefill = r.num("kv_prefill");
        double[] decodes = r.num("n_decode"), kvDecode = r.num("kv_decode");
        // newer bundles add a layer column (sparse kernels of their own) and a speculative q length
        String[] layer = r.t.has("layer") ? r.text("layer") : null;
        double[] qLen = r.t.numeric("decode_q_len").orElse(null);
        for (int i = 0; i < r.n; i++) {
            if (layer != null && !"attention".equals(layer[i])) {
                r.out.reject(r.file, "attention layer '" + layer[i] + "' is not dense attention, not mapped");
            } else if (qLen != null && qLen[i] != 1) {
                r.out.reject(r.file, "attention: speculative decode rows (decode_q_len > 1) are not mapped");
            } else if (chunk[i] == 0 && decodes[i] == 0) {
                r.out.reject(r.file, "attention: row with no prefill tokens and no decodes");
            } else {
                r.accept(i, Family.ATTENTION_MIXED, new double[] {chunk[i], kvPrefill[i], decodes[i], kvDecode[i],
                        h.heads(), h.kvHeads(), h.headDim()}, b.kvDtype(), "attention");
            }
        }
    }

    private static void skew(Rows r, LlmServingSimBundle b) {
        AttentionHeads h = b.heads();
        double[] chunk = r.num("pc"), kvPrefill = r.num("kp"), decodes = r.num("n");
        double[] kvMean = r.num("kv_mean"), kvBig = r.num("kv_big"), even = r.num("t_mean_us");
        String[] layer = r.t.has("layer") ? r.text("layer") : null;
        for (int i = 0; i < r.n; i++) {
            if (layer != null && !"attention".equals(layer[i])) {
                r.out.reject(r.file, "skew layer '" + layer[i] + "' is not dense attention, not mapped");
            } else if (!(decodes[i] >= 1) || !(kvMean[i] > 0) || !(kvBig[i] >= kvMean[i])) {
                r.out.reject(r.file, "skew: row without decodes, or whose longest decode (kv_big) is shorter than the mean");
            } else if (!(even[i] > 0)) {
                r.out.reject(r.file, "skew: t_mean_us (the even batch's time) is missing, zero or negative");
            } else {
                r.accept(i, Family.ATTENTION_SKEW, new double[] {chunk[i], kvPrefill[i], decodes[i], kvMean[i], kvBig[i], even[i],
                        h.heads(), h.kvHeads(), h.headDim()}, b.kvDtype(), "attention");
            }
        }
    }

    private static void moe(Rows r, LlmServingSimBundle b) {
        ModelConfig.Moe moe = b.model().moe();
        if (moe == null) {
            r.out.reject(r.file, "moe table for " + b.model().name() + ", whose config has no experts", r.n);
            return;
        }
        double[] tokens = r.num("tokens"), activated = r.num("activated_experts");
        double[] ep = r.t.numeric("ep").orElse(null);
        double hidden = b.model().hiddenSize();
        for (int i = 0; i < r.n; i++) {
            double topK = Math.min(moe.topK(), activated[i]);
            r.accept(i, Family.MOE, new double[] {tokens[i], hidden, moe.expertIntermediate(), topK, activated[i],
                    b.tp(), ep == null ? 1 : ep[i], 0, 1, cyclicCv(tokens[i] * topK, activated[i])}, b.dtype(), "moe");
        }
    }

    /**
     * CV of pairs per expert when {@code pairs} token-expert pairs are dealt round-robin over
     * {@code experts}: a fraction p of the experts gets one more than the rest, so the variance is p(1-p).
     */
    static double cyclicCv(double pairs, double experts) {
        if (!(pairs > 0) || !(experts > 0)) return Double.NaN;
        double p = (pairs % experts) / experts;
        return Math.sqrt(p * (1 - p)) / (pairs / experts);
    }

    private static void perSequence(Rows r, LlmServingSimBundle b) {
        ModelConfig c = b.model();
        String[] layer = r.text("layer");
        double[] seqs = r.num("sequences");
        for (int i = 0; i < r.n; i++) {
            double vocab = switch (layer[i] == null ? "" : layer[i]) {
                case "lm_head" -> (double) c.vocabSize() / b.tp();
                case "sampler" -> c.vocabSize();
                default -> Double.NaN;
            };
            if (Double.isNaN(vocab)) {
                r.out.reject(r.file, "per-sequence layer '" + layer[i] + "' has no Frontier operator family");
            } else {
                r.accept(i, Family.PER_SEQUENCE, new double[] {seqs[i], c.hiddenSize(), vocab}, layer[i], layer[i]);
            }
        }
    }

    /** The table being read with its latency column and one provenance per layer name. */
    private static final class Rows {
        final TableData t;
        final IngestReport out;
        final String file;
        final int n;
        private final double[] latency;
        private final LlmServingSimBundle bundle;
        private final Map<String, Provenance> provenance = new HashMap<>();

        Rows(TableData t, LlmServingSimBundle bundle, IngestReport out, String file, String latencyColumn) {
            this.t = t;
            this.bundle = bundle;
            this.out = out;
            this.file = file;
            this.n = t.rows();
            this.latency = t.numeric(latencyColumn).orElseThrow();
        }

        double[] num(String column) { return t.numeric(column).orElseThrow(); }

        String[] text(String column) { return t.text(column).orElseThrow(); }

        void accept(int i, Family family, double[] shape, String category, String layer) {
            Provenance p = provenance.computeIfAbsent(layer, l -> new Provenance(file, bundle.device(), "vllm",
                    bundle.vllmVersion(), "llmservingsim:" + l));
            RowCheck.accept(out, file, family, shape, new String[] {category}, latency[i], Double.NaN, p);
        }
    }
}
