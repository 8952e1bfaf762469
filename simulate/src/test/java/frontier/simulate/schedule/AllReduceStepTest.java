package frontier.simulate.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.cli.CalibrateCommand;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.Family;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;
import frontier.simulate.cost.OperatorSet;
import frontier.simulate.cost.StepCostModel;
import frontier.simulate.workload.Request;
import picocli.CommandLine;

/** What a step pays around its TP all-reduce: the graph or eager launch, and the ops an engine fuses into it. */
class AllReduceStepTest {
    @TempDir Path tmp;

    static final ModelConfig LLAMA = ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B");

    /** A bundle of vLLM's custom all-reduce table alone (graph and eager launches) on the RTX PRO 6000. */
    Bundle allReduceBundle() {
        Path table = ProjectPaths.root().resolve("datasets/kernels/aiconfigurator/rtx_pro_6000_server/comm/vllm/0.19.0");
        int code = new CommandLine(new CalibrateCommand(new PrintStream(OutputStream.nullOutputStream())))
                .execute("--profiles", table.toString(), "--hardware", "rtx_pro_6000_server", "--out", tmp.resolve("b").toString());
        assertEquals(0, code);
        return Bundle.load(tmp.resolve("b"));
    }

    /** Llama-3.1-8B's step cost at a TP degree, with the operators as the named engine binds them. */
    static StepCostModel llamaCost(OperatorSet ops, int tp) {
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, tp, 1, 1, 1), EngineSettings.vllmDefaults());
        return new StepCostModel(LLAMA, cluster, Dtype.BF16, Dtype.BF16, ops, "auto", null);
    }

    /** Eight sequences decoding their next token after 500 prompt tokens. */
    static Batch eightDecodes() {
        var batch = new Batch();
        for (int i = 0; i < 8; i++) {
            var s = new Sequence(new Request(i, 0, 500, 10, null, 0, "r" + i));
            s.computed = 500;
            s.outputs = 1;
            s.numTokens = 501;
            batch.add(s, 1);
        }
        return batch;
    }

    @Test
    void decodeStepsRunningAsGraphsPayTheGraphLaunchedAllReduce() {
        var ops = new OperatorSet(allReduceBundle(), "vllm", "0.19.0");
        var graph = ops.bindVariant(Family.ALLREDUCE, List.of(Dtype.BF16), "graph", "graph");
        var eager = ops.bindVariant(Family.ALLREDUCE, List.of(Dtype.BF16), "eager", "eager");
        assertEquals("vLLM_custom_graph", graph.kernel());
        assertEquals("vLLM_custom_eager", eager.kernel());

        var cost = llamaCost(ops, 2);
        var batch = eightDecodes();
        assertEquals(8, batch.decodeCount);
        long asEager = cost.stepNs(new Batch[] {batch}, 1);
        batch.paddedDecode = 8;
        long asGraph = cost.stepNs(new Batch[] {batch}, 1);
        // two all-reduces of 8 tokens x 4096 bf16 values per layer
        double[] shape = {2.0 * 8 * 4096, 2, 2};
        double perLayer = 2 * (eager.latencyUs(shape) - graph.latencyUs(shape));
        assertTrue(perLayer > 0, "the graph-launched all-reduce is the cheaper one at decode sizes");
        assertEquals(LLAMA.layers() * perLayer * 1000, asEager - asGraph, 2.0);
    }

    @Test
    void withoutTheCustomAllReduceEveryAllReduceIsNcclsInAGraphOrNot() {
        Path root = ProjectPaths.root().resolve("datasets/kernels/aiconfigurator/rtx_pro_6000_server/comm");
        int code = new CommandLine(new CalibrateCommand(new PrintStream(OutputStream.nullOutputStream()))).execute("--profiles",
                root.resolve("vllm/0.19.0").toString(), root.resolve("nccl/2.29.2").toString(), "--hardware", "rtx_pro_6000_server",
                "--out", tmp.resolve("both").toString());
        assertEquals(0, code);
        var ops = new OperatorSet(Bundle.load(tmp.resolve("both")), "vllm", "0.19.0");
        var custom = ops.bindVariant(Family.ALLREDUCE, List.of(Dtype.BF16), "graph", "graph");
        var nccl = ops.bind(Family.ALLREDUCE, List.of(Dtype.BF16), "auto", "nccl", "nccl");
        assertEquals("vLLM_custom_graph", custom.kernel(), "the engine's own kernel comes first");
        assertEquals("nccl", nccl.model().key().framework());

        var d = EngineSettings.vllmDefaults();
        var off = new EngineSettings(d.maxNumSeqs(), d.maxNumBatchedTokens(), true, 16, 0.9, 0, true, d.cudaGraphSizes(), 0, 0.01, 0,
                false, 1, false, true, null, null, null, 0, false);
        var layout = new Layout(1, 2, 1, 1, 1);
        var withCustom = new StepCostModel(LLAMA, new ClusterSpec("serve", Role.COLOCATED, layout, d), Dtype.BF16, Dtype.BF16, ops, "auto", null);
        var withNccl = new StepCostModel(LLAMA, new ClusterSpec("serve", Role.COLOCATED, layout, off), Dtype.BF16, Dtype.BF16, ops, "auto", null);
        var batch = eightDecodes();
        batch.paddedDecode = 8;
        long graphCustom = withCustom.stepNs(new Batch[] {batch}, 1), graphNccl = withNccl.stepNs(new Batch[] {batch}, 1);
        double[] shape = {2.0 * 8 * 4096, 2, 2};
        double perLayer = 2 * (nccl.latencyUs(shape) - custom.latencyUs(shape));
        assertEquals(LLAMA.layers() * perLayer * 1000, graphNccl - graphCustom, 2.0);
        batch.paddedDecode = 0;
        assertEquals(graphNccl, withNccl.stepNs(new Batch[] {batch}, 1), "an eager step pays the same NCCL all-reduce");
    }

    /** An 8-sequence decode step run as a CUDA graph, priced as the named engine runs it. */
    static long decodeStepNs(OperatorSet ops, int tp) {
        var batch = eightDecodes();
        batch.paddedDecode = 8;
        return llamaCost(ops, tp).stepNs(new Batch[] {batch}, 1);
    }

    @Test
    void tensorRtLlmFusesNormsIntoItsAllReduceAndRopeIntoAttention() {
        var bundle = allReduceBundle();
        var vllm = new OperatorSet(bundle, "vllm", "0.19.0");
        var trtllm = new OperatorSet(bundle, "trtllm", "0.19.0");
        long ropeOnly = decodeStepNs(vllm, 1) - decodeStepNs(trtllm, 1);
        long ropeAndNorms = decodeStepNs(vllm, 2) - decodeStepNs(trtllm, 2);
        assertTrue(ropeOnly > 0, "RoPE runs inside TensorRT-LLM's attention at any TP");
        assertTrue(ropeAndNorms > ropeOnly, "under TP its all-reduce also takes the two norms of every layer: " + ropeAndNorms + " vs " + ropeOnly);
    }

    static ModelConfig withQkNorm(ModelConfig m, boolean acrossHeads) {
        return new ModelConfig(m.name(), m.architecture(), m.hiddenSize(), m.layers(), m.heads(), m.kvHeads(), m.headDim(),
                m.intermediateSize(), m.vocabSize(), m.maxPositions(), m.tiedEmbeddings(), true, acrossHeads, m.slidingWindow(),
                m.slidingLayers(), m.moe(), m.mla(), m.weightDtype(), m.linear());
    }

    @Test
    void miniMaxNormsQAndKAcrossHeadsQwen3PerHead() {
        var minimax = ModelConfigs.shipped().load("MiniMaxAI/MiniMax-M2.5");
        var qwen = ModelConfigs.shipped().load("Qwen/Qwen3-30B-A3B");
        assertTrue(minimax.qkNorm() && minimax.qkNormAcrossHeads(), "qk_norm_type: per_layer");
        assertTrue(qwen.qkNorm() && !qwen.qkNormAcrossHeads());
        assertTrue(!LLAMA.qkNorm() && !LLAMA.qkNormAcrossHeads());
    }

    @Test
    void aQkNormAcrossHeadsSumsItsVarianceOverTheRanksEveryLayer() {
        var ops = new OperatorSet(allReduceBundle(), "vllm", "0.19.0");
        var graph = ops.bindVariant(Family.ALLREDUCE, List.of(Dtype.BF16), "graph", "graph");
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 2, 1, 1, 1), EngineSettings.vllmDefaults());
        var perHead = new StepCostModel(withQkNorm(LLAMA, false), cluster, Dtype.BF16, Dtype.BF16, ops, "auto", null);
        var acrossHeads = new StepCostModel(withQkNorm(LLAMA, true), cluster, Dtype.BF16, Dtype.BF16, ops, "auto", null);
        var batch = eightDecodes();
        batch.paddedDecode = 8;
        long extra = acrossHeads.stepNs(new Batch[] {batch}, 1) - perHead.stepNs(new Batch[] {batch}, 1);
        // 8 tokens x two fp32 sums is 64 bytes, below the smallest message the table measured: priced at that one
        double smallest = graph.model().lowerBound(0);
        assertTrue(smallest > 64, "the table starts above 64 bytes");
        double perLayer = graph.latencyUs(new double[] {smallest, 2, 2});
        assertTrue(perLayer > 0 && perLayer < 20, "a latency-bound all-reduce in a graph takes microseconds, not " + perLayer);
        assertEquals(LLAMA.layers() * perLayer * 1000, extra, 2.0);
        var tp1 = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), EngineSettings.vllmDefaults());
        assertEquals(new StepCostModel(withQkNorm(LLAMA, false), tp1, Dtype.BF16, Dtype.BF16, ops, "auto", null).stepNs(new Batch[] {batch}, 1),
                new StepCostModel(withQkNorm(LLAMA, true), tp1, Dtype.BF16, Dtype.BF16, ops, "auto", null).stepNs(new Batch[] {batch}, 1),
                "one GPU holds every head: nothing to sum");
    }
}
