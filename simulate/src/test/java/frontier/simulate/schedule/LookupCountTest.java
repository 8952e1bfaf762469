package frontier.simulate.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.TestBundles;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;
import frontier.simulate.cost.MoeRouting;
import frontier.simulate.cost.OperatorSet;
import frontier.simulate.cost.StepCostModel;

/** A step looks up the operators of the layers the model has, and no others, so lookup counts mean what they say. */
class LookupCountTest {
    static long lookupsPerStep(ModelConfig m) {
        return lookupsPerStep(m, "vllm", new Layout(1, 1, 1, 1, 1));
    }

    static StepCostModel cost(ModelConfig m, String engine, Layout layout) {
        var ops = new OperatorSet(TestBundles.rtx(), engine, "0.19.0");
        var cluster = new ClusterSpec("serve", Role.COLOCATED, layout, EngineSettings.vllmDefaults());
        return new StepCostModel(m, cluster, Dtype.BF16, Dtype.BF16, ops, "auto", MoeRouting.parse("uniform", m.moe().experts(), Path.of("")));
    }

    static long lookupsPerStep(ModelConfig m, String engine, Layout layout) {
        var cost = cost(m, engine, layout);
        var batch = AllReduceStepTest.eightDecodes();
        cost.stepNs(new Batch[] {batch}, 1);
        long before = cost.lookups();
        cost.stepNs(new Batch[] {batch}, 1);
        return cost.lookups() - before;
    }

    @Test
    void aModelWithoutDenseLayersLooksUpNoDenseMlp() {
        var qwen = ModelConfigs.shipped().load("Qwen/Qwen3-30B-A3B");
        assertEquals(0, qwen.denseLayers());
        var moe = qwen.moe();
        var oneDense = new ModelConfig(qwen.name(), qwen.architecture(), qwen.hiddenSize(), qwen.layers(), qwen.heads(), qwen.kvHeads(),
                qwen.headDim(), qwen.intermediateSize(), qwen.vocabSize(), qwen.maxPositions(), qwen.tiedEmbeddings(), qwen.qkNorm(),
                qwen.qkNormAcrossHeads(), qwen.slidingWindow(), qwen.slidingLayers(),
                new ModelConfig.Moe(moe.experts(), moe.topK(), moe.expertIntermediate(), moe.sharedExperts(), moe.sharedIntermediate(), 1),
                qwen.mla(), qwen.weightDtype(), qwen.linear());
        assertEquals(lookupsPerStep(qwen) + 3, lookupsPerStep(oneDense), "gate/up, activation and down of the dense MLP");
    }

    static double[] moePart(ModelConfig m, String engine, Layout layout) {
        var cost = cost(m, engine, layout);
        cost.stepNs(new Batch[] {AllReduceStepTest.eightDecodes()}, 1);
        return cost.lastParts().clone();
    }

    @Test
    void sglangRunsDeepSeeksSharedExpertInsideTheFusedMoe() {
        var r1 = ModelConfigs.shipped().load("deepseek-ai/DeepSeek-R1");
        var tp8 = new Layout(1, 8, 1, 1, 1);
        assertEquals(lookupsPerStep(r1, "vllm", tp8) - 3, lookupsPerStep(r1, "sglang", tp8),
                "no shared-expert gate/up, activation and down of its own");
        var ep8 = new Layout(1, 8, 1, 1, 8);
        assertEquals(lookupsPerStep(r1, "vllm", ep8), lookupsPerStep(r1, "sglang", ep8), "SGLang does not fuse it under expert parallelism");
        // the fused kernel prices the shared expert as a ninth pick among 257: above the routed experts alone
        var moe = r1.moe();
        var routedOnly = new ModelConfig(r1.name(), r1.architecture(), r1.hiddenSize(), r1.layers(), r1.heads(), r1.kvHeads(), r1.headDim(),
                r1.intermediateSize(), r1.vocabSize(), r1.maxPositions(), r1.tiedEmbeddings(), r1.qkNorm(), r1.qkNormAcrossHeads(),
                r1.slidingWindow(), r1.slidingLayers(),
                new ModelConfig.Moe(moe.experts(), moe.topK(), moe.expertIntermediate(), 0, moe.sharedIntermediate(), moe.denseLayers()),
                r1.mla(), r1.weightDtype(), r1.linear());
        int part = frontier.simulate.cost.StepPart.MOE.ordinal();
        double fused = moePart(r1, "sglang", tp8)[part], routed = moePart(routedOnly, "vllm", tp8)[part];
        assertTrue(fused > routed, fused + " vs " + routed);
        var kimi = ModelConfigs.shipped().load("moonshotai/Kimi-K2.5");
        assertEquals(lookupsPerStep(kimi, "vllm", tp8), lookupsPerStep(kimi, "sglang", tp8), "nor for 384 experts");
    }
}
