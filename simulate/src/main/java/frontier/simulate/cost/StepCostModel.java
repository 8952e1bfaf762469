package frontier.simulate.cost;

import java.util.List;

import frontier.calibrate.bundle.PredictionCache;
import frontier.calibrate.features.Physics;
import frontier.calibrate.features.Vocabulary;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.profile.Family;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.Layout;
import frontier.simulate.schedule.Batch;

/**
 * Prices one forward step of one instance from calibrated operator models. Per layer: norms,
 * QKV/O projections, rotary, attention over the batch's actual sequence lengths, the MLP (or the
 * router and fused MoE), and the tensor-parallel all-reduces; per step: embedding, final norm, LM
 * head and sampler, and the engine's CPU overhead. Layers of the same kind cost the same, so
 * each kind is priced once and multiplied.
 */
public final class StepCostModel {
    private static final Vocabulary NO_WORDS = new Vocabulary();

    private final ModelConfig m;
    private final Layout layout;
    private final ClusterSpec cluster;
    private final HardwareProfile hw;
    private final Dtype dtype;
    private final Dtype kvDtype;
    private final int heads, kvHeads, headDim, hidden;
    private final int denseLayers, moeLayers, slidingLayers, fullLayers;

    private final TokenCurve qkv, o, gateUp, down, router, sharedGateUp, sharedDown, moe, allReduce, norm, rotary, act,
            qkNorm, embed, finalNorm, ppSend;
    private final TokenCurve lmHead, sampler;
    private final AttentionPricer attention;
    private final double overheadUs;

    private long lookups;
    private long fallbacks;

    public StepCostModel(ModelConfig model, ClusterSpec cluster, Dtype dtype, Dtype kvDtype, OperatorSet ops,
                         String attentionBackend) {
        this.m = model;
        this.cluster = cluster;
        this.layout = cluster.layout();
        this.hw = ops.bundle().hardware();
        this.dtype = dtype;
        this.kvDtype = kvDtype;
        int tp = layout.tp();
        this.heads = Math.max(1, model.heads() / tp);
        this.kvHeads = Math.max(1, (model.kvHeads() + tp - 1) / tp);
        this.headDim = model.headDim();
        this.hidden = model.hiddenSize();
        this.denseLayers = model.denseLayers();
        this.moeLayers = model.moeLayers();
        this.slidingLayers = model.slidingWindow() > 0 ? model.slidingLayers() : 0;
        this.fullLayers = model.layers() - slidingLayers;
        int maxTokens = tileTokens(Math.max(cluster.engine().maxNumBatchedTokens(), 1024));

        PredictionCache gemm = ops.bind(Family.GEMM, List.of(dtype), "auto", "gemm");
        int inter = model.intermediateSize() / tp;
        qkv = gemmCurve(maxTokens, gemm, (heads + 2 * kvHeads) * headDim, hidden);
        o = gemmCurve(maxTokens, gemm, hidden, heads * (model.isMla() ? model.mla().vHeadDim() : headDim));
        gateUp = gemmCurve(maxTokens, gemm, 2 * inter, hidden);
        down = gemmCurve(maxTokens, gemm, hidden, inter);
        if (model.isMoe()) {
            var moeCfg = model.moe();
            router = gemmCurve(maxTokens, gemm, moeCfg.experts(), hidden);
            int shared = moeCfg.sharedExperts() * moeCfg.sharedIntermediate() / tp;
            sharedGateUp = shared > 0 ? gemmCurve(maxTokens, gemm, 2 * shared, hidden) : null;
            sharedDown = shared > 0 ? gemmCurve(maxTokens, gemm, hidden, shared) : null;
            PredictionCache moeCache = ops.bind(Family.MOE, List.of(dtype), "auto", "moe");
            var routing = frontier.calibrate.features.ExpertLoad.Routing.parse("uniform");
            moe = new TokenCurve(maxTokens, t -> {
                var load = frontier.calibrate.features.ExpertLoad.expected(routing, t, moeCfg.topK(), moeCfg.experts(), layout.ep());
                double[] shape = {t, hidden, moeCfg.expertIntermediate(), moeCfg.topK(), moeCfg.experts(), tp,
                        layout.ep(), routing.skew(), load.rankMaxRatio(), load.expertCv()};
                return price(moeCache, Family.MOE, shape, new String[] {dtype.label()});
            });
        } else {
            router = sharedGateUp = sharedDown = moe = null;
        }
        PredictionCache ar = tp > 1 ? ops.bind(Family.ALLREDUCE, List.of(Dtype.BF16), "auto", "tp all-reduce") : null;
        allReduce = tp > 1 ? new TokenCurve(maxTokens, t -> price(ar, Family.ALLREDUCE,
                new double[] {2.0 * t * hidden, tp, Math.min(tp, hw.gpusPerNode())}, new String[] {"bfloat16"})) : null;
        PredictionCache p2p = layout.pp() > 1 ? ops.bind(Family.P2P, java.util.Arrays.asList((Object) Dtype.BF16), "auto", "pp send") : null;
        ppSend = layout.pp() > 1 ? new TokenCurve(maxTokens, t -> price(p2p, Family.P2P,
                new double[] {2.0 * t * hidden, 2, 2}, new String[] {"bfloat16"})) : null;

        norm = tokenOp(ops, maxTokens, List.of("layernorm", "input_layernorm", "post_attention_layernorm"), hidden, "norm");
        rotary = tokenOp(ops, maxTokens, List.of("rotary_emb", "attn_rope"), (heads + kvHeads) * headDim, "rotary");
        act = tokenOp(ops, maxTokens, List.of("act_fn", "mlp_act"), model.isMoe() ? model.moe().expertIntermediate() : inter, "activation");
        qkNorm = model.qkNorm() ? tokenOp(ops, maxTokens, List.of("qk_norm"), (heads + kvHeads) * headDim, "qk norm") : null;
        embed = tokenOp(ops, maxTokens, List.of("embedding", "emb"), hidden, "embedding");
        finalNorm = tokenOp(ops, maxTokens, List.of("final_layernorm", "layernorm", "norm"), hidden, "final norm");

        int vocabTp = Math.max(1, model.vocabSize() / tp);
        PredictionCache head = ops.bindOp(Family.PER_SEQUENCE, List.of("lm_head", "lm_head_linear"), "lm head");
        int maxSeqs = Math.max(cluster.engine().maxNumSeqs(), 1);
        if (head != null && fits(head, new double[] {1, hidden, vocabTp})) {
            lmHead = new TokenCurve(maxSeqs, s -> price(head, Family.PER_SEQUENCE, new double[] {s, hidden, vocabTp}, null));
        } else {
            lmHead = gemmCurve(maxSeqs, gemm, vocabTp, hidden);
        }
        PredictionCache samp = ops.bindOp(Family.PER_SEQUENCE, List.of("sampler"), "sampler");
        sampler = new TokenCurve(maxSeqs, s -> price(samp != null && fits(samp, new double[] {s, hidden, model.vocabSize()}) ? samp : null,
                Family.PER_SEQUENCE, new double[] {s, hidden, model.vocabSize()}, new String[] {"sampler"}));
        attention = new AttentionPricer(this, ops, attentionBackend, model.slidingWindow());
        overheadUs = cluster.engine().stepOverheadUs();
    }

    static boolean fits(PredictionCache c, double[] shape) {
        return c.model().inRange(shape, c.categories(), c.kernel());
    }

    private TokenCurve gemmCurve(int max, PredictionCache gemm, int n, int k) {
        return new TokenCurve(max, t -> price(gemm, Family.GEMM, new double[] {t, n, k}, new String[] {dtype.label()}));
    }

    private TokenCurve tokenOp(OperatorSet ops, int max, List<String> names, int width, String purpose) {
        PredictionCache c = ops.bindOp(Family.ELEMENTWISE, names, purpose);
        String op = c == null ? names.getFirst() : c.categories()[0];
        return new TokenCurve(max, t -> price(c, Family.ELEMENTWISE, new double[] {t, width}, new String[] {op}));
    }

    /** Encoded µs (negative = roofline fallback): the calibrated model, or the bare roofline when there is none. */
    double price(PredictionCache cache, Family family, double[] shape, String[] categories) {
        if (cache != null) {
            double us = cache.latencyUs(shape);
            return Priced.encode(us, cache.lastWasFallback());
        }
        String[] cats = categories != null ? categories : new String[family.categoryColumns().size()];
        double roof = Physics.of(family).compute(shape, cats, -1, hw, NO_WORDS).rooflineUs();
        return Priced.encode(Math.max(roof, 1e-3), true);
    }

    private double add(double encoded) {
        lookups++;
        if (Priced.fallback(encoded)) fallbacks++;
        return Priced.us(encoded);
    }

    private double curve(TokenCurve c, int tokens) {
        return c == null ? 0 : add(c.at(tokens));
    }

    /**
     * Token counts are priced at the granularity GEMM kernels tile the token dimension: exact up
     * to 256, then multiples of 16, and of 64 above 2,048. Latency is flat within such a step,
     * and the number of distinct shapes to predict stays in the hundreds.
     */
    static int tileTokens(int t) {
        if (t <= 256) return t;
        if (t <= 2048) return (t + 15) & ~15;
        return (t + 63) & ~63;
    }

    /** Duration of a step in nanoseconds. */
    public long stepNs(Batch b) {
        int t = tileTokens(b.paddedDecode > 0 ? b.paddedDecode : b.totalTokens);
        double attnFull = attention.price(b, false);
        double attnWindow = slidingLayers > 0 ? attention.price(b, true) : 0;
        double common = curve(norm, t) * 2 + curve(qkv, t) + curve(rotary, t) + curve(qkNorm, t) + curve(o, t)
                + 2 * curve(allReduce, t);
        double denseMlp = curve(gateUp, t) + curve(act, t) + curve(down, t);
        double moeMlp = moe == null ? 0 : curve(router, t) + curve(moe, t) + curve(sharedGateUp, t) + curve(sharedDown, t)
                + (sharedGateUp == null ? 0 : curve(act, t));
        double layers = m.layers() * common + fullLayers * attnFull + slidingLayers * attnWindow
                + denseLayers * denseMlp + moeLayers * moeMlp;
        double perStep = curve(embed, t) + curve(finalNorm, t) + curve(lmHead, b.sampled()) + curve(sampler, b.sampled());
        double pipeline = ppSend == null ? 0 : (layout.pp() - 1) * curve(ppSend, t);
        return Math.round((layers + perStep + pipeline + overheadUs) * 1000);
    }

    public long lookups() { return lookups; }
    public long fallbacks() { return fallbacks; }

    int heads() { return heads; }
    int kvHeads() { return kvHeads; }
    int headDim() { return headDim; }
    Dtype kvDtype() { return kvDtype; }
    HardwareProfile hardware() { return hw; }
    int maxSeqs() { return cluster.engine().maxNumSeqs(); }
    int maxTokens() { return cluster.engine().maxNumBatchedTokens(); }
    double count(double encoded) { return add(encoded); }
}
