package frontier.simulate.cost;

import java.util.Arrays;
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
    private final int denseLayers, moeLayers, slidingLayers, fullLayers, linearLayers;
    /** Linear-attention layers' projections, and their heads on one GPU (null/0 without such layers). */
    private final TokenCurve linearIn, linearOut;
    private final int linearValueHeads;

    private final TokenCurve qDown, kvDown;
    private final TokenCurve qkv, o, gateUp, down, router, sharedGateUp, sharedDown, moe, allReduce, allReduceGraph, norm, rotary, act,
            qkNorm, embed, finalNorm, ppSend;
    private final TokenCurve lmHead, sampler;
    private final AttentionPricer attention;
    /** MLA module tables include the projections: they are not priced again. */
    private final boolean mlaModule;
    private final double overheadUs;
    /** Host time to launch one step's operators outside a CUDA graph (us). */
    private final double eagerHostUs;
    /** The largest captured CUDA-graph size (decode sequences; tokens of vLLM's piecewise graphs); 0: none captured. */
    private final int largestGraph;
    /** vLLM replays prompt chunks as piecewise graphs; the other engines capture decode batches only. */
    private final boolean piecewiseGraphs;
    /**
     * The bf16 GEMM binding the unquantized layers run on, or the deployment's own binding when its
     * format is bf16 or no bf16 table exists: no activation-quantization cost is taken off it.
     */
    private final PredictionCache plainGemm;
    private final boolean plainIsOwn;

    private long lookups;
    private long fallbacks;
    private long unmodelled;
    private final Batch[] single = new Batch[1];
    private final TokenCurve dispatch, combine;
    /** All-reduce of the q/k norm's sums of squares (eager, graph); null unless the norm spans heads under TP. */
    private final TokenCurve qkVariance, qkVarianceGraph;
    /** The bf16 GEMMs, and the activation quantization an fp8 GEMM row includes that serving does not run (µs). */
    private final PredictionCache bf16Gemm;
    private final double activationQuantUs;
    /** vLLM exchanges expert tokens by all-gather and reduce-scatter over all ranks' tokens. */
    private boolean gatherScatter;
    private final String engineName;
    private final boolean twoBatchOverlap;
    private final MoeRouting routing;
    private double lastHiddenShare = Double.NaN;
    /** The routing model's busiest-rank ratio per token count, filled on first use. */
    private final double[] loadRatio = new double[1 << 16];
    private double lastMoeLoadRatio = Double.NaN;
    /** The last step's duration split by {@link StepPart} (µs), and one rank's attention side while it is priced. */
    private final double[] lastParts = new double[StepPart.COUNT];
    private final double[] rankParts = new double[StepPart.COUNT];

    public StepCostModel(ModelConfig model, ClusterSpec cluster, Dtype dtype, Dtype kvDtype, OperatorSet ops,
                         String attentionBackend, MoeRouting routing) {
        this(model, cluster, dtype, dtype, kvDtype, ops, attentionBackend, routing);
    }

    /** @param moeDtype the experts' format, when it differs from the projections' */
    public StepCostModel(ModelConfig model, ClusterSpec cluster, Dtype dtype, Dtype moeDtype, Dtype kvDtype, OperatorSet ops,
                         String attentionBackend, MoeRouting routing) {
        this(model, cluster, dtype, null, moeDtype, null, kvDtype, ops, attentionBackend, routing);
    }

    /**
     * @param gemmFormat the kernel tables' spelling of the projections' format ("fp8_block"), or null for the dtype's
     * @param moeFormat  the same for the experts
     */
    public StepCostModel(ModelConfig model, ClusterSpec cluster, Dtype dtype, String gemmFormat, Dtype moeDtype, String moeFormat,
                         Dtype kvDtype, OperatorSet ops, String attentionBackend, MoeRouting routing) {
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
        this.linearLayers = model.linearLayers();
        this.fullLayers = model.layers() - slidingLayers - linearLayers;
        int maxTokens = tileTokens(Math.max(cluster.engine().maxNumBatchedTokens(), 1024));

        PredictionCache gemm = ops.bind(Family.GEMM, List.of(Binding.wanted(dtype, gemmFormat)), "auto", "gemm");
        // TensorRT-LLM's per-tensor fp8 GEMM rows time its linear layer fed bf16 activations, which
        // it quantizes on every call: at one token and 1,024 x 1,024 the fp8 row takes about 11 us
        // more than the bf16 row (vLLM's and SGLang's about 2). Serving feeds those GEMMs activations
        // its fused all-reduce + norm, attention and SwiGLU kernels already quantized, so that fixed
        // cost is taken off every fp8 GEMM, never below half the bf16 GEMM of the same shape.
        boolean quantizedApart = "trtllm".equals(ops.engine()) && dtype == Dtype.FP8 && (gemmFormat == null || "fp8".equals(gemmFormat));
        bf16Gemm = quantizedApart ? ops.bind(Family.GEMM, List.of(Dtype.BF16), "auto", "gemm bf16 (fp8 quantization cost)") : null;
        activationQuantUs = bf16Gemm == null || gemm == null ? 0 : Math.max(0, Priced.us(price(gemm, Family.GEMM,
                new double[] {1, 1024, 1024}, new String[] {dtype.label()})) - Priced.us(price(bf16Gemm, Family.GEMM,
                new double[] {1, 1024, 1024}, new String[] {Dtype.BF16.label()})));
        // the LM head and routers stay in the model's own dtype on every engine, and so do the layer
        // groups a quantized checkpoint leaves out (gpt-oss's attention, Kimi-K2.5's shared experts)
        PredictionCache plain = gemm;
        if (dtype != Dtype.BF16 && dtype != Dtype.FP32) {
            PredictionCache b = bf16Gemm != null ? bf16Gemm : ops.bind(Family.GEMM, List.of(Dtype.BF16), "auto", "gemm bf16 (unquantized layers)");
            if (b != null) plain = b;
        }
        plainGemm = plain;
        plainIsOwn = plain == gemm;
        var unq = model.unquantized();
        PredictionCache attnGemm = unq.attention() ? plain : gemm;
        int inter = model.intermediateSize() / tp;
        if (model.isMla()) {
            // latent attention projections: q down and up, the compressed KV (latent + RoPE key), and out
            var mla = model.mla();
            int qRank = mla.qLoraRank() > 0 ? mla.qLoraRank() : hidden;
            qDown = mla.qLoraRank() > 0 ? gemmCurve(maxTokens, attnGemm, qRank, hidden) : null;
            qkv = gemmCurve(maxTokens, attnGemm, heads * (mla.qkNopeHeadDim() + mla.qkRopeHeadDim()), qRank);
            kvDown = gemmCurve(maxTokens, attnGemm, mla.kvLoraRank() + mla.qkRopeHeadDim(), hidden);
            o = gemmCurve(maxTokens, attnGemm, hidden, heads * mla.vHeadDim());
        } else {
            qDown = kvDown = null;
            qkv = gemmCurve(maxTokens, attnGemm, (heads + 2 * kvHeads) * headDim, hidden);
            o = gemmCurve(maxTokens, attnGemm, hidden, heads * headDim);
        }
        if (model.linear() != null) {
            var lin = model.linear();
            linearValueHeads = Math.max(1, lin.valueHeads() / tp);
            linearIn = gemmCurve(maxTokens, gemm, Math.max(1, lin.projectionWidth() / tp), hidden);
            linearOut = gemmCurve(maxTokens, gemm, hidden, linearValueHeads * lin.valueHeadDim());
        } else {
            linearValueHeads = 0;
            linearIn = linearOut = null;
        }
        PredictionCache denseGemm = unq.denseMlp() ? plain : gemm;
        gateUp = gemmCurve(maxTokens, denseGemm, 2 * inter, hidden);
        down = gemmCurve(maxTokens, denseGemm, hidden, inter);
        this.routing = routing;
        this.engineName = ops.engine();
        this.twoBatchOverlap = cluster.engine().twoBatchOverlap();
        int moeTp = layout.moeTp();
        if (model.isMoe()) {
            var moeCfg = model.moe();
            router = gemmCurve(maxTokens, plain, moeCfg.experts(), hidden);
            boolean fusedSharedExpert = sglangFusesSharedExpert(ops.engine(), model, layout);
            int shared = fusedSharedExpert ? 0 : moeCfg.sharedExperts() * moeCfg.sharedIntermediate() / tp;
            PredictionCache sharedGemm = unq.sharedExperts() ? plain : gemm;
            sharedGateUp = shared > 0 ? gemmCurve(maxTokens, sharedGemm, 2 * shared, hidden) : null;
            sharedDown = shared > 0 ? gemmCurve(maxTokens, sharedGemm, hidden, shared) : null;
            PredictionCache moeCache = ops.bind(Family.MOE, List.of(Binding.wanted(moeDtype, moeFormat)), "auto", "moe");
            // a fused shared expert is one more expert every token is routed to
            int topK = moeCfg.topK() + (fusedSharedExpert ? 1 : 0), experts = moeCfg.experts() + (fusedSharedExpert ? 1 : 0);
            moe = new TokenCurve(maxTokens * layout.dp(), t -> {
                var load = routing.load(t, moeCfg.topK(), moeCfg.experts(), layout.ep());
                double[] shape = {t, hidden, moeCfg.expertIntermediate(), topK, experts, moeTp,
                        layout.ep(), routing.routing().skew(), load.rankMaxRatio(), load.expertCv()};
                return price(moeCache, Family.MOE, shape, new String[] {moeDtype.label()});
            });
            if (layout.dp() > 1) {
                // Without data-parallel attention every rank already holds all of the step's tokens
                // (tensor parallelism replicates them): each runs its own experts on them and the
                // layer's tensor-parallel all-reduce sums the outputs, so nothing is dispatched. Ranks that
                // share the experts: all the instance's GPUs, by expert or tensor parallelism.
                int ep = Math.max(layout.ep(), tp * layout.dp());
                int perNode = Math.min(ep, hw.gpusPerNode());
                // vLLM always gathers; so does any engine whose data-parallel ranks share tensor-parallel experts
                gatherScatter = "vllm".equals(engineName) || layout.ep() == 1;
                if (gatherScatter) {
                    // vLLM's default all2all backend: all-gather every rank's tokens, run the local experts on
                    // all of them, reduce-scatter the outputs
                    PredictionCache ag = ops.bind(Family.ALLGATHER, List.of(Dtype.BF16), "auto", "ep all-gather");
                    PredictionCache rs = ops.bind(Family.REDUCE_SCATTER, List.of(Dtype.BF16), "auto", "ep reduce-scatter");
                    dispatch = new TokenCurve(maxTokens * layout.dp(), t -> price(ag, Family.ALLGATHER,
                            new double[] {(double) t * hidden * 2, ep, perNode}, new String[] {"bfloat16"}));
                    combine = new TokenCurve(maxTokens * layout.dp(), t -> price(rs, Family.REDUCE_SCATTER,
                            new double[] {(double) t * hidden * 2, ep, perNode}, new String[] {"bfloat16"}));
                } else {
                    // all-to-all (DeepEP-style): each token goes once to every rank hosting one of its experts;
                    // the tensor-parallel peers of a data-parallel rank hold the same tokens and send a share each
                    PredictionCache a2a = ops.bind(Family.ALLTOALL, List.of(Dtype.BF16), "auto", "ep dispatch/combine");
                    dispatch = new TokenCurve(maxTokens, t -> price(a2a, Family.ALLTOALL,
                            new double[] {Math.ceil((double) t / tp) * Math.min(moeCfg.topK(), ep) * hidden * 2, ep, perNode},
                            new String[] {"bfloat16"}));
                    combine = dispatch;
                }
            } else {
                dispatch = combine = null;
            }
        } else {
            router = sharedGateUp = sharedDown = moe = null;
            dispatch = combine = null;
        }
        // A custom all-reduce launched inside a CUDA graph reuses buffers registered at capture; a
        // launch outside one first copies its input into a registered buffer, which costs several
        // times more at decode sizes. Steps that run as graphs pay the first, the others the second.
        // Without the engine's own kernel every all-reduce is NCCL's, in a graph or not.
        boolean custom = cluster.engine().customAllReduce();
        PredictionCache ar = tp <= 1 ? null : custom ? ops.bindVariant(Family.ALLREDUCE, List.of(Dtype.BF16), "eager", "tp all-reduce")
                : ops.bind(Family.ALLREDUCE, List.of(Dtype.BF16), "auto", "tp all-reduce (nccl)", "nccl");
        PredictionCache arGraph = tp <= 1 ? null : custom ? ops.bindVariant(Family.ALLREDUCE, List.of(Dtype.BF16), "graph", "tp all-reduce (graph)")
                : ar;
        allReduce = tp > 1 ? allReduceCurve(maxTokens, ar, hidden, tp) : null;
        allReduceGraph = tp > 1 ? (sameKernel(ar, arGraph) ? allReduce : allReduceCurve(maxTokens, arGraph, hidden, tp)) : null;
        // a norm over all heads needs each token's sum of squares from every rank: one all-reduce of
        // two fp32 values (the size of four bf16 ones) per token, q and k together, per layer
        boolean varianceReduce = tp > 1 && model.qkNormAcrossHeads();
        qkVariance = varianceReduce ? allReduceCurve(maxTokens, ar, 4.0, tp) : null;
        qkVarianceGraph = varianceReduce ? (sameKernel(ar, arGraph) ? qkVariance : allReduceCurve(maxTokens, arGraph, 4.0, tp)) : null;
        PredictionCache p2p = layout.pp() > 1 ? ops.bind(Family.P2P, java.util.Arrays.asList((Object) Dtype.BF16), "auto", "pp send") : null;
        ppSend = layout.pp() > 1 ? new TokenCurve(maxTokens, t -> price(p2p, Family.P2P,
                new double[] {2.0 * t * hidden, 2, 2}, new String[] {"bfloat16"})) : null;

        norm = !normsApart(engineName, tp) ? null
                : tokenOp(ops, maxTokens, List.of("layernorm", "input_layernorm", "post_attention_layernorm"), hidden, "norm");
        rotary = !ropeApart(engineName) ? null
                : tokenOp(ops, maxTokens, List.of("rotary_emb", "attn_rope"), (heads + kvHeads) * headDim, "rotary");
        act = tokenOp(ops, maxTokens, List.of("act_fn", "mlp_act"), model.isMoe() ? model.moe().expertIntermediate() : inter, "activation");
        qkNorm = model.qkNorm() ? tokenOp(ops, maxTokens, List.of("qk_norm"), (heads + kvHeads) * headDim, "qk norm") : null;
        embed = tokenOp(ops, maxTokens, List.of("embedding", "emb"), hidden, "embedding");
        // the model's last norm is the layers' fused residual add + RMSNorm once more
        finalNorm = tokenOp(ops, maxTokens, List.of("final_layernorm", "layernorm", "norm", "input_layernorm"), hidden, "final norm");

        int vocabTp = Math.max(1, model.vocabSize() / tp);
        PredictionCache head = ops.bindOp(Family.PER_SEQUENCE, List.of("lm_head", "lm_head_linear"), "lm head");
        int maxSeqs = Math.max(cluster.engine().maxNumSeqs(), 1);
        if (head != null && fits(head, new double[] {1, hidden, vocabTp})) {
            lmHead = new TokenCurve(maxSeqs, s -> price(head, Family.PER_SEQUENCE, new double[] {s, hidden, vocabTp}, null));
        } else {
            lmHead = gemmCurve(maxSeqs, plain, vocabTp, hidden);
        }
        PredictionCache samp = ops.bindOp(Family.PER_SEQUENCE, List.of("sampler"), "sampler");
        sampler = new TokenCurve(maxSeqs, s -> price(samp != null && fits(samp, new double[] {s, hidden, model.vocabSize()}) ? samp : null,
                Family.PER_SEQUENCE, new double[] {s, hidden, model.vocabSize()}, new String[] {"sampler"}));
        attention = new AttentionPricer(this, ops, attentionBackend, model.slidingWindow());
        mlaModule = attention.mlaModule();
        overheadUs = cluster.engine().stepOverheadUs();
        eagerHostUs = cluster.engine().eagerHostUsPerOp() * EagerLaunches.perStep(model, layout, ops.engine());
        int[] captured = cluster.engine().cudaGraphSizes();
        largestGraph = captured.length == 0 ? 0 : captured[captured.length - 1];
        piecewiseGraphs = "vllm".equals(engineName);
    }

    /**
     * Whether the layers' norms are kernels of their own: TensorRT-LLM's decoder layers fuse the
     * residual add and RMSNorm into the tensor-parallel all-reduce kernel by default.
     */
    static boolean normsApart(String engine, int tp) {
        return !("trtllm".equals(engine) && tp > 1);
    }

    /** Whether RoPE is a kernel of its own: TensorRT-LLM's attention op applies it (its attention tables time it). */
    static boolean ropeApart(String engine) {
        return !"trtllm".equals(engine);
    }

    static boolean fits(PredictionCache c, double[] shape) {
        return c.model().inRange(shape, c.categories(), c.kernel());
    }

    private TokenCurve gemmCurve(int max, PredictionCache gemm, int n, int k) {
        return new TokenCurve(max, t -> gemmPrice(gemm, t, n, k));
    }

    /**
     * SGLang runs DeepSeek-V3/R1's shared expert inside the fused MoE kernel, as a 257th expert
     * every token also picks, instead of as GEMMs of its own: its default for that architecture
     * (256 routed experts, one shared) when the experts are not expert-parallel.
     */
    static boolean sglangFusesSharedExpert(String engine, ModelConfig model, Layout layout) {
        var moe = model.moe();
        return "sglang".equals(engine) && moe != null && "DeepseekV3ForCausalLM".equals(model.architecture())
                && moe.experts() == 256 && moe.sharedExperts() == 1 && layout.ep() == 1;
    }

    /**
     * A GEMM larger than any its table measured (an LM head over a 128k vocabulary, where the
     * tables stop at n = 65,536) is priced as equal parts that fit, run one after another:
     * splitting m, n or k splits the work and the bytes evenly, where the roofline fallback would
     * price the whole at one efficiency for every shape.
     */
    double gemmPrice(PredictionCache gemm, int m, int n, int k) {
        double[] shape = {m, n, k};
        int parts = 1;
        if (gemm != null) {
            for (int d = 0; d < shape.length; d++) {
                double largest = gemm.model().upperBound(d);
                if (largest >= 1 && shape[d] > largest) {
                    int split = (int) Math.ceil(shape[d] / largest);
                    shape[d] = Math.ceil(shape[d] / split);
                    parts *= split;
                }
            }
        }
        boolean quantized = plainIsOwn || gemm != plainGemm;
        double priced = price(gemm, Family.GEMM, shape, new String[] {(quantized ? dtype : Dtype.BF16).label()});
        if (activationQuantUs > 0 && quantized) {
            double floor = Priced.us(price(bf16Gemm, Family.GEMM, shape, new String[] {Dtype.BF16.label()})) / 2;
            priced = Priced.withUs(priced, Math.max(Priced.us(priced) - activationQuantUs, floor));
        }
        return Priced.times(priced, parts);
    }

    /**
     * An all-reduce of {@code bf16PerToken} two-byte values per token. A message smaller than any
     * the table measured costs what its smallest one does: that small, an all-reduce is all launch
     * and synchronization latency, which a roofline of bytes over bandwidth does not describe.
     */
    private TokenCurve allReduceCurve(int max, PredictionCache ar, double bf16PerToken, int tp) {
        double smallest = ar == null ? 0 : ar.model().lowerBound(0);
        return new TokenCurve(max, t -> price(ar, Family.ALLREDUCE,
                new double[] {Math.max(2.0 * t * bf16PerToken, smallest), tp, Math.min(tp, hw.gpusPerNode())}, new String[] {"bfloat16"}));
    }

    private static boolean sameKernel(PredictionCache a, PredictionCache b) {
        return a == b || (a != null && b != null && a.model() == b.model() && a.kernel().equals(b.kernel()));
    }

    /** The TP all-reduce of a batch: its graph-launched variant where the batch runs as a CUDA graph. */
    private TokenCurve allReduceFor(Batch b) {
        return graphed(b) ? allReduceGraph : allReduce;
    }

    private static boolean graphed(Batch b) {
        return b.paddedDecode > 0 || b.isEmpty();
    }

    /**
     * Per layer: the two norms, the TP all-reduces after attention and MLP, and the q/k norm's
     * all-reduce where the norm spans heads. Adds the layers' share to {@code parts} when given.
     */
    private double normsAndReducesUs(Batch b, int t, double[] parts) {
        double norms = curve(norm, t) * 2;
        double reduces = 2 * curve(allReduceFor(b), t);
        double variance = qkVariance == null ? 0 : curve(graphed(b) ? qkVarianceGraph : qkVariance, t);
        if (parts != null) {
            parts[StepPart.TOKEN_OPS.ordinal()] += m.layers() * norms;
            parts[StepPart.TP_COMMUNICATION.ordinal()] += m.layers() * (reduces + variance);
        }
        return norms + reduces + variance;
    }

    private TokenCurve tokenOp(OperatorSet ops, int max, List<String> names, int width, String purpose) {
        PredictionCache c = ops.bindOp(Family.ELEMENTWISE, names, purpose);
        String op = c == null ? names.getFirst() : c.categories()[0];
        return TokenCurve.interpolated(max, t -> price(c, Family.ELEMENTWISE, new double[] {t, width}, new String[] {op}));
    }

    /** Encoded µs (negative = roofline fallback): the calibrated model, or the bare roofline when there is none. */
    double price(PredictionCache cache, Family family, double[] shape, String[] categories) {
        if (cache != null) {
            double us = cache.latencyUs(shape);
            return Priced.encode(us, cache.lastWasFallback());
        }
        String[] cats = categories != null ? categories : new String[family.categoryColumns().size()];
        double roof = Physics.of(family).compute(shape, cats, -1, hw, NO_WORDS).rooflineUs();
        return Priced.unmodelled(Math.max(roof, 1e-3));
    }

    private double add(double encoded) {
        lookups++;
        if (Priced.isUnmodelled(encoded)) unmodelled++;
        else if (Priced.fallback(encoded)) fallbacks++;
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

    /** The token count a batch's GEMMs and token ops run at: its CUDA-graph padded size, else its tokens, tiled. */
    private static int pricedTokens(Batch b) {
        return tileTokens(b.paddedDecode > 0 ? b.paddedDecode : b.totalTokens);
    }

    /** Duration of a step in nanoseconds (one rank, no data-parallel peers). */
    public long stepNs(Batch b) {
        single[0] = b;
        return stepNs(single, 1);
    }

    /**
     * Duration of a synchronized step of {@code ranks} data-parallel attention ranks sharing one
     * expert-parallel MoE: every layer waits for the slowest rank's attention, then dispatches
     * tokens to the experts, runs the grouped GEMM at the busiest rank's load, and combines.
     * A rank with nothing to do runs a one-token dummy batch, as vLLM does.
     */
    public long stepNs(Batch[] batches, int ranks) {
        double attn = 0, dense = 0, extras = 0, ppLink = 0;
        int tMax = 0, tAll = 0, sampledMax = 0;
        double[] parts = lastParts;
        Arrays.fill(parts, 0);
        double extraTokenOps = 0;
        for (int r = 0; r < ranks; r++) {
            Batch b = batches[r];
            int t = b.isEmpty() ? 1 : pricedTokens(b);
            tMax = Math.max(tMax, t);
            tAll += t;
            Arrays.fill(rankParts, 0);
            double a = attentionLayersUs(b, t, rankParts) + m.layers() * normsAndReducesUs(b, t, rankParts);
            if (r == 0 || a > attn) {
                for (StepPart k : ATTENTION_SIDE) parts[k.ordinal()] = rankParts[k.ordinal()];
            }
            attn = Math.max(attn, a);
            if (denseLayers > 0) {
                double d = denseLayers * (curve(gateUp, t) + curve(act, t) + curve(down, t));
                if (d > dense) parts[StepPart.DENSE_MLP.ordinal()] = d;
                dense = Math.max(dense, d);
            }
            double tokenOps = curve(embed, t) + curve(finalNorm, t);
            double head = curve(lmHead, Math.max(1, b.sampled()));
            double sample = curve(sampler, Math.max(1, b.sampled()));
            double e = tokenOps + head + sample;
            if (r == 0 || e > extras) {
                extraTokenOps = tokenOps;
                parts[StepPart.LM_HEAD_SAMPLER.ordinal()] = head + sample;
            }
            extras = Math.max(extras, e);
            if (ppSend != null) {
                double pp = (layout.pp() - 1) * curve(ppSend, t);
                if (pp > ppLink) parts[StepPart.PP_SEND.ordinal()] = pp;
                ppLink = Math.max(ppLink, pp);
            }
            sampledMax = Math.max(sampledMax, b.sampled());
        }
        parts[StepPart.TOKEN_OPS.ordinal()] += extraTokenOps;
        // vLLM pads every data-parallel rank to the largest rank's token count so that the
        // collectives and CUDA graphs see one shape: the experts then see ranks x max tokens
        if (gatherScatter) tAll = ranks * tMax;
        double moeTotal = 0;
        lastHiddenShare = Double.NaN;
        lastMoeLoadRatio = Double.NaN;
        if (moe != null) {
            double compute = curve(router, tMax) + curve(moe, tAll) + curve(sharedGateUp, tMax) + curve(sharedDown, tMax)
                    + (sharedGateUp == null ? 0 : curve(act, tMax));
            int commTokens = gatherScatter ? tAll : tMax;
            double comm = dispatch == null ? 0 : curve(dispatch, commTokens) + curve(combine, commTokens);
            lastMoeLoadRatio = moeLoadRatio(tAll);
            if (comm > 0 && twoBatchOverlap) {
                double perLayerAttn = attn / m.layers();
                double overlapped = TwoBatchOverlap.layerUs(perLayerAttn / 2, comm / 4, compute / 2, comm / 4);
                double serial = perLayerAttn + compute + comm;
                lastHiddenShare = Math.max(0, Math.min(1, (serial - overlapped) / comm));
                moeTotal = moeLayers * (overlapped - perLayerAttn);
                // what the overlapped layer adds beyond attention: the experts' compute, then the exposed communication
                parts[StepPart.MOE.ordinal()] = Math.min(moeTotal, moeLayers * compute);
                parts[StepPart.EP_COMMUNICATION.ordinal()] = moeTotal - parts[StepPart.MOE.ordinal()];
            } else {
                moeTotal = moeLayers * (compute + comm);
                if (comm > 0) lastHiddenShare = 0;
                parts[StepPart.MOE.ordinal()] = moeLayers * compute;
                parts[StepPart.EP_COMMUNICATION.ordinal()] = moeLayers * comm;
            }
        }
        parts[StepPart.ENGINE_OVERHEAD.ordinal()] = overheadUs;
        double us = attn + dense + moeTotal + extras + ppLink + overheadUs;
        // Outside a CUDA graph the host launches every kernel of every layer; when that takes longer
        // than the kernels run, the GPU waits for it and the step lasts as long as the launching does.
        if (eagerHostUs > us && anyEager(batches, ranks)) {
            parts[StepPart.HOST_LAUNCH.ordinal()] = eagerHostUs - us;
            us = eagerHostUs;
        }
        return Math.round(us * 1000);
    }

    /**
     * Whether any rank's batch runs outside a CUDA graph. vLLM v1 replays any batch of up to its
     * largest captured size in tokens, prompt chunks included, as piecewise graphs (attention
     * launched between the pieces); SGLang and TensorRT-LLM capture decode batches only, so a
     * batch with prompt work runs eagerly there. A batch beyond the captured sizes, and every
     * batch of an engine that captures none, runs eagerly everywhere.
     */
    private boolean anyEager(Batch[] batches, int ranks) {
        for (int r = 0; r < ranks; r++) {
            Batch b = batches[r];
            if (b.isEmpty()) continue;
            boolean eager = piecewiseGraphs ? b.totalTokens > largestGraph : b.prefillCount > 0 || b.decodeCount > largestGraph;
            if (eager) return true;
        }
        return false;
    }

    /**
     * Attention over all layers for one (micro-)batch of {@code t} priced tokens: each kind of
     * layer's kernels over the batch's sequences, and the projections around them.
     */
    private double attentionLayersUs(Batch b, int t, double[] parts) {
        double perLayer = 0, gemms = 0, tokenOps = 0;
        if (!mlaModule) {
            double down = curve(qDown, t) + curve(kvDown, t), in = curve(qkv, t), rope = curve(rotary, t), qkn = curve(qkNorm, t);
            double out = curve(o, t);
            perLayer = down + in + rope + qkn + out;
            gemms = down + in + out;
            tokenOps = rope + qkn;
        }
        // only kinds of layer the model has are priced, so that lookup counts say what was used
        double kernels = 0;
        if (!b.isEmpty()) {
            if (fullLayers > 0) kernels += fullLayers * attention.price(b, false);
            if (slidingLayers > 0) kernels += slidingLayers * attention.price(b, true);
            if (linearLayers > 0) kernels += linearLayers * linearKernelUs(b);
        }
        int attentionLayers = m.layers() - linearLayers;
        double linear = linearLayers > 0 ? linearLayers * (curve(linearIn, t) + curve(linearOut, t)) : 0;
        if (parts != null) {
            parts[StepPart.ATTENTION.ordinal()] += kernels;
            parts[StepPart.PROJECTIONS.ordinal()] += attentionLayers * gemms + linear;
            parts[StepPart.TOKEN_OPS.ordinal()] += attentionLayers * tokenOps;
        }
        return kernels + attentionLayers * perLayer + linear;
    }

    private static final StepPart[] ATTENTION_SIDE = {StepPart.ATTENTION, StepPart.PROJECTIONS, StepPart.TOKEN_OPS,
            StepPart.TP_COMMUNICATION};

    /**
     * One linear-attention layer's recurrence for a batch on one GPU, from its roofline: no kernel
     * table measures it. A decode reads and writes each sequence's fp32 state once; a prompt chunk
     * applies the gated delta rule per token (a few multiply-adds per state element) and loads the
     * state once. Counted with the operators priced without a kernel table.
     */
    private double linearKernelUs(Batch b) {
        var lin = m.linear();
        double state = (double) linearValueHeads * lin.keyHeadDim() * lin.valueHeadDim();
        double flops = 6.0 * state * (b.decodeCount + b.prefillTokenSum);
        double bytes = 4.0 * state * 2 * (b.decodeCount + b.prefillCount);
        lookups++;
        unmodelled++;
        return Physics.rooflineUs(flops, bytes, hw.peakFlops(Dtype.BF16), hw);
    }

    private double moeLoadRatio(int tokens) {
        if (tokens < loadRatio.length && loadRatio[tokens] > 0) return loadRatio[tokens];
        var cfg = m.moe();
        double r = routing.load(tokens, cfg.topK(), cfg.experts(), layout.ep()).rankMaxRatio();
        if (tokens < loadRatio.length) loadRatio[tokens] = r;
        return r;
    }

    /**
     * Attention side of one layer for a (micro-)batch, as an attention instance of an
     * AF-disaggregated deployment runs it: norms, projections, attention (averaged over full and
     * sliding-window layers), the router, and TP all-reduces.
     */
    public double attentionLayerUs(Batch b) {
        if (b.isEmpty()) return 0;
        int t = pricedTokens(b);
        return attentionLayersUs(b, t, null) / m.layers() + normsAndReducesUs(b, t, null) + (router == null ? 0 : curve(router, t));
    }

    /** Per-step work outside the layers: embedding, final norm, LM head, sampler, engine overhead. */
    public double stepExtrasUs(Batch b) {
        int t = pricedTokens(b);
        return curve(embed, t) + curve(finalNorm, t) + curve(lmHead, Math.max(1, b.sampled()))
                + curve(sampler, Math.max(1, b.sampled())) + overheadUs;
    }

    /**
     * FFN side of one layer for the tokens one attention instance sends: the fused MoE at this
     * cluster's expert parallelism (plus shared experts), or the dense MLP.
     */
    public double ffnLayerUs(int tokens) {
        int t = tileTokens(Math.max(1, tokens));
        if (moe == null) return curve(gateUp, t) + curve(act, t) + curve(down, t);
        lastMoeLoadRatio = moeLoadRatio(t);
        return curve(moe, t) + curve(sharedGateUp, t) + curve(sharedDown, t) + (sharedGateUp == null ? 0 : curve(act, t));
    }

    /**
     * The last {@link #stepNs} step's duration split by {@link StepPart} (µs, indexed by ordinal),
     * each part on the rank that set its pace; overwritten by the next step.
     */
    public double[] lastParts() { return lastParts; }

    /** Share of expert-parallel communication hidden under compute in the last step (NaN without EP). */
    public double lastHiddenShare() { return lastHiddenShare; }

    /** The busiest expert-parallel rank's load over the mean in the last step (NaN for dense models). */
    public double lastMoeLoadRatio() { return lastMoeLoadRatio; }

    public long lookups() { return lookups; }
    public long fallbacks() { return fallbacks; }
    /** The activation quantization taken off each fp8 GEMM (µs); 0 unless the engine quantizes in fused kernels. */
    double activationQuantUs() { return activationQuantUs; }
    /** Lookups of operators no kernel table measured (priced at the bare roofline). */
    public long unmodelled() { return unmodelled; }

    int heads() { return heads; }
    boolean isMla() { return m.isMla(); }
    Dtype dtype() { return dtype; }
    int kvHeads() { return kvHeads; }
    int headDim() { return headDim; }
    Dtype kvDtype() { return kvDtype; }
    HardwareProfile hardware() { return hw; }
    int maxSeqs() { return cluster.engine().maxNumSeqs(); }
    int maxTokens() { return cluster.engine().maxNumBatchedTokens(); }
    double count(double encoded) { return add(encoded); }
}
