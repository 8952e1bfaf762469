package frontier.calibrate.ingest;

import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;

/**
 * Token-level ops of Vidur's {@code mlp.csv} and Frontier's {@code linear_op.csv}: each row is one
 * token count at one TP degree and times several ops of a layer. Shapes are per GPU, as the
 * profiler ran them: column-parallel projections split their output, row-parallel ones their input.
 */
final class VidurLinear {
    private VidurLinear() {}

    static void read(VidurTable v, KnownHeadDims known, IngestReport out) {
        if (v.missing(out, "linear ops", "num_tokens", "n_embd")) return;
        double[] tokens = v.num("num_tokens"), embd = v.num("n_embd");
        double[] tp = v.numOr("num_tensor_parallel_workers", 1);
        double[] expanded = v.numOr("n_expanded_embd", Double.NaN), vocab = v.numOr("vocab_size", Double.NaN);
        double[] gated = v.numOr("use_gated_mlp", 0);
        AttentionHeads[] heads = v.heads(embd, vocab, tp, known);
        String[] dtype = v.gemmDtype();
        v.forEachOp(out, (op, timing) -> {
            IntFunction<double[]> gemm = switch (op) {
                case "attn_pre_proj" -> i -> new double[] {tokens[i], heads[i].qkvWidth(), embd[i]};
                case "attn_post_proj" -> i -> new double[] {tokens[i], embd[i], heads[i].qWidth()};
                case "mlp_up_proj" -> i -> new double[] {tokens[i], (gated[i] == 1 ? 2 : 1) * expanded[i] / tp[i], embd[i]};
                case "mlp_down_proj" -> i -> new double[] {tokens[i], embd[i], expanded[i] / tp[i]};
                // multi-token-prediction fusion: [embedding; hidden] (2h) projected to h, column-parallel
                case "mtp_fusion_proj" -> i -> new double[] {tokens[i], embd[i] / tp[i], 2 * embd[i]};
                default -> null;
            };
            if (gemm != null) {
                v.emit(out, timing, Family.GEMM, gemm, i -> new String[] {dtype[i]}, v.provenance("vidur:" + op));
                return;
            }
            if (op.equals("lm_head_linear")) {
                // vocabulary-parallel: each rank computes its slice of the logits
                v.emit(out, timing, Family.PER_SEQUENCE, i -> new double[] {tokens[i], embd[i], vocab[i] / tp[i]},
                        i -> new String[] {op}, v.provenance("vidur:" + op));
                return;
            }
            IntToDoubleFunction width = switch (op) {
                case "emb", "input_layernorm", "post_attention_layernorm", "add", "norm" -> i -> embd[i];
                case "attn_rope", "qk_norm" -> i -> heads[i].qkWidth();
                case "mlp_act" -> i -> expanded[i] / tp[i];
                default -> null;
            };
            if (width == null) {
                v.rejectOp(out, op, "no Frontier operator family for this op");
                return;
            }
            v.emit(out, timing, Family.ELEMENTWISE, i -> new double[] {tokens[i], width.applyAsDouble(i)},
                    i -> new String[] {op}, v.provenance("vidur:" + op));
        });
    }
}
