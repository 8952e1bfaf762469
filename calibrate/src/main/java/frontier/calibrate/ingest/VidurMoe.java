package frontier.calibrate.ingest;

import frontier.calibrate.features.ExpertLoad;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;

/**
 * Frontier {@code moe.csv}: one fused MoE layer (the grouped GEMM) per row, plus its routing ops.
 * <p>
 * Expert load follows the family's definitions, not the file's column names: the file's
 * {@code max_load_ratio} is the busiest <em>expert</em> over the mean, while the family's
 * {@code load_max_ratio} is the measured rank's token-expert pairs over an even split across EP
 * ranks. The file records those pairs ({@code total_routed_tokens}), so the ratio is
 * {@code total_routed_tokens / (num_tokens · top_k / ep)}: 1 without EP, and ep where the
 * profiler routed every token to this rank's experts. {@code load_imbalance_cv} is the CV over the
 * rank's experts, as the family's {@code load_cv}. Older tables without load columns (A100
 * Mixtral, Qwen2-MoE) get the expected load of random uniform routing, the profiler's default.
 * Skew is the power-law exponent where the distribution names one ("power_law_1.2"); uniform,
 * balanced and unnamed shapes ("skewed") read as 0 and leave the imbalance to the load columns.
 * <p>
 * {@code moe_gating_linear} is the router's GEMM (tokens × hidden → experts); top-k, gating and
 * shuffling are elementwise ({@code moe_gating_routing_topk} over the expert logits). The per-expert
 * {@code moe_expert_up_proj}/{@code _down_proj} of older tables time one expert's slice of the
 * grouped GEMM without recording its token count, so they are counted as not mapped.
 */
final class VidurMoe {
    private VidurMoe() {}

    static void read(VidurTable v, IngestReport out) {
        if (v.missing(out, "moe", "num_tokens", "num_experts", "router_topk", "hidden_dim")) return;
        double[] tokens = v.num("num_tokens"), experts = v.num("num_experts");
        double[] topK = v.num("router_topk"), hidden = v.num("hidden_dim");
        double[] inter = v.numOr("expert_hidden_dim", Double.NaN);
        double[] tp = v.numOr("num_tensor_parallel_workers", 1), ep = v.numOr("expert_parallel_size", 1);
        String[] dtype = v.gemmDtype();
        v.forEachOp(out, (op, timing) -> {
            var prov = v.provenance("vidur:" + op);
            switch (op) {
                case "moe_grouped_gemm" -> {
                    double[][] load = load(v, tokens, topK, experts, ep);
                    v.emit(out, timing, Family.MOE, i -> new double[] {tokens[i], hidden[i], inter[i], topK[i],
                            experts[i], tp[i], ep[i], load[0][i], load[1][i], load[2][i]},
                            i -> new String[] {dtype[i]}, prov);
                }
                case "moe_gating_linear" -> v.emit(out, timing, Family.GEMM,
                        i -> new double[] {tokens[i], experts[i], hidden[i]}, i -> new String[] {dtype[i]}, prov);
                case "moe_gating_routing_topk" -> v.emit(out, timing, Family.ELEMENTWISE,
                        i -> new double[] {tokens[i], experts[i]}, i -> new String[] {op}, prov);
                case "moe_gating", "moe_shuffling" -> v.emit(out, timing, Family.ELEMENTWISE,
                        i -> new double[] {tokens[i], hidden[i]}, i -> new String[] {op}, prov);
                case "moe_expert_up_proj", "moe_expert_down_proj" ->
                        v.rejectOp(out, op, "one expert's slice of moe_grouped_gemm; its token count is not recorded");
                default -> v.rejectOp(out, op, "no Frontier operator family for this op");
            }
        });
    }

    /** Per row: skew, load_max_ratio, load_cv. */
    private static double[][] load(VidurTable v, double[] tokens, double[] topK, double[] experts, double[] ep) {
        double[] routed = v.num("total_routed_tokens"), cv = v.num("load_imbalance_cv");
        String[] dist = v.text("load_distribution");
        double[][] out = new double[3][v.rows];
        for (int i = 0; i < v.rows; i++) {
            ExpertLoad.Routing named = ExpertLoad.Routing.parse(dist[i]);
            ExpertLoad.Routing routing = named != null ? named : ExpertLoad.Routing.parse("uniform");
            out[0][i] = named == null ? 0 : named.skew();
            if (routed != null && cv != null) {
                double evenShare = tokens[i] * topK[i] / Math.max(1, ep[i]);
                out[1][i] = routed[i] / evenShare;
                out[2][i] = cv[i];
            } else {
                var expected = ExpertLoad.expected(routing, tokens[i], topK[i], experts[i], ep[i]);
                out[1][i] = expected.rankMaxRatio();
                out[2][i] = expected.expertCv();
            }
        }
        return out;
    }
}
