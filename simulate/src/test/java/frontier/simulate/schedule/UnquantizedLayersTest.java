package frontier.simulate.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.TestBundles;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;
import frontier.simulate.cost.MemoryPlan;
import frontier.simulate.cost.OperatorSet;
import frontier.simulate.cost.StepCostModel;
import frontier.simulate.cost.StepPart;
import frontier.simulate.workload.Request;

/**
 * A quantized checkpoint's own config says which layers it leaves in 16 bits; those run the bf16
 * GEMMs and take bf16 memory whatever format the deployment names for the rest.
 */
class UnquantizedLayersTest {
    @TempDir Path tmp;

    static ModelConfig shipped(String name) {
        return ModelConfigs.shipped().load(name);
    }

    static ModelConfig withoutExclusions(ModelConfig m) {
        return new ModelConfig(m.name(), m.architecture(), m.hiddenSize(), m.layers(), m.heads(), m.kvHeads(), m.headDim(),
                m.intermediateSize(), m.vocabSize(), m.maxPositions(), m.tiedEmbeddings(), m.qkNorm(), m.qkNormAcrossHeads(),
                m.slidingWindow(), m.slidingLayers(), m.moe(), m.mla(), m.weightDtype(), m.linear());
    }

    @Test
    void theQuantizationConfigsIgnoreListsNameTheLayersLeftOut() {
        assertEquals(new ModelConfig.Unquantized(true, false, false), shipped("openai/gpt-oss-120b").unquantized(),
                "modules_to_not_convert: model.layers.*.self_attn");
        assertEquals(new ModelConfig.Unquantized(true, true, true), shipped("moonshotai/Kimi-K2.5").unquantized(),
                "compressed-tensors ignore: re:.*self_attn.*, re:.*shared_experts.*, the dense mlp projections");
        for (String m : new String[] {"Qwen/Qwen3-235B-A22B-FP8", "MiniMaxAI/MiniMax-M2.5", "zai-org/GLM-5-FP8", "deepseek-ai/DeepSeek-R1",
                "meta-llama/Llama-3.1-8B"}) {
            // Qwen3's list names each layer's router (mlp.gate) and norms: gate is not gate_proj
            assertEquals(ModelConfig.Unquantized.NONE, shipped(m).unquantized(), m);
        }
    }

    @Test
    void layersLeftOutTakeBf16Memory() {
        var gptOss = shipped("openai/gpt-oss-120b");
        var hw = HardwareProfiles.discover().load("h200_sxm");
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 2, 1, 1, 1), EngineSettings.vllmDefaults());
        double left = MemoryPlan.of(gptOss, cluster, Dtype.FP4, Dtype.BF16, hw).weightsBytes();
        double all = MemoryPlan.of(withoutExclusions(gptOss), cluster, Dtype.FP4, Dtype.BF16, hw).weightsBytes();
        double attention = gptOss.unquantizedParameters() - withoutExclusions(gptOss).unquantizedParameters();
        assertTrue(attention > 0);
        assertEquals(attention * (2 - Dtype.FP4.bytesPerElement()) / 2, left - all, 1,
                "each of the two GPUs holds half the attention weights at two bytes instead of fp4's");
        double embeddings = 2.0 * gptOss.vocabSize() * gptOss.hiddenSize();
        assertEquals(embeddings + attention + gptOss.moe().experts() * (double) gptOss.hiddenSize() * gptOss.moeLayers(),
                gptOss.unquantizedParameters(), 1, "embeddings, LM head and routers are never quantized");
        var kimi = shipped("moonshotai/Kimi-K2.5");
        var ffn = new ClusterSpec("ffn", Role.FFN, new Layout(2, 8, 1, 1, 8), EngineSettings.vllmDefaults());
        var kmoe = kimi.moe();
        double sharedAndDense = 3.0 * kimi.hiddenSize() * ((double) kmoe.sharedIntermediate() * kmoe.sharedExperts() * kimi.moeLayers()
                + (double) kimi.intermediateSize() * kimi.denseLayers());
        assertEquals(sharedAndDense, kimi.unquantizedFfnParameters(), 1, "the shared experts and the dense layer");
        assertTrue(sharedAndDense > 0);
        assertEquals(sharedAndDense * (2 - Dtype.INT4_WEIGHT_ONLY.bytesPerElement()) / (2 * 8 * 8),
                MemoryPlan.ffn(kimi, ffn, Dtype.INT4_WEIGHT_ONLY, hw).weightsBytes()
                        - MemoryPlan.ffn(withoutExclusions(kimi), ffn, Dtype.INT4_WEIGHT_ONLY, hw).weightsBytes(), 1,
                "an FFN cluster holds Kimi-K2.5's shared experts and dense layer at two bytes");
        var bf16 = MemoryPlan.of(gptOss, cluster, Dtype.BF16, Dtype.BF16, hw).weightsBytes();
        assertEquals(gptOss.parameters() * 2 / 2, bf16, 1, "a bf16 deployment holds every weight at two bytes either way");
    }

    @Test
    void attentionLeftOutRunsTheBf16Gemms() {
        var bundle = TestBundles.calibrated("aiconfigurator/h200_sxm/gemm/trtllm/1.2.0rc5", "h200_sxm", tmp.resolve("b"));
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), EngineSettings.vllmDefaults());
        var llama = shipped("meta-llama/Llama-3.1-8B");
        var attentionLeft = new ModelConfig(llama.name(), llama.architecture(), llama.hiddenSize(), llama.layers(), llama.heads(),
                llama.kvHeads(), llama.headDim(), llama.intermediateSize(), llama.vocabSize(), llama.maxPositions(), llama.tiedEmbeddings(),
                llama.qkNorm(), llama.qkNormAcrossHeads(), llama.slidingWindow(), llama.slidingLayers(), llama.moe(), llama.mla(),
                Dtype.FP8, llama.linear(), new ModelConfig.Unquantized(true, false, false));
        var fp8 = new StepCostModel(llama, cluster, Dtype.FP8, Dtype.BF16, new OperatorSet(bundle, "vllm", "1.2.0rc5"), "auto", null);
        var left = new StepCostModel(attentionLeft, cluster, Dtype.FP8, Dtype.BF16, new OperatorSet(bundle, "vllm", "1.2.0rc5"), "auto", null);
        var bf16 = new StepCostModel(llama, cluster, Dtype.BF16, Dtype.BF16, new OperatorSet(bundle, "vllm", "1.2.0rc5"), "auto", null);
        var b = new Batch();
        b.add(new Sequence(new Request(1, 0, 4096, 10, null, 0, "p")), 4096);
        double[] pFp8 = parts(fp8, b), pLeft = parts(left, b), pBf16 = parts(bf16, b);
        int proj = StepPart.PROJECTIONS.ordinal(), mlp = StepPart.DENSE_MLP.ordinal(), head = StepPart.LM_HEAD_SAMPLER.ordinal();
        assertTrue(pFp8[proj] < pBf16[proj], "fp8 projections run faster than bf16 at 4,096 tokens: " + pFp8[proj] + " vs " + pBf16[proj]);
        assertEquals(pBf16[proj], pLeft[proj], 1e-9, "attention left unquantized runs the bf16 GEMMs");
        assertEquals(pFp8[mlp], pLeft[mlp], 1e-9, "the MLP stays fp8");
        assertEquals(pBf16[head], pFp8[head], 1e-9, "the LM head is bf16 in every deployment");
    }

    static double[] parts(StepCostModel cost, Batch b) {
        cost.stepNs(new Batch[] {b}, 1);
        return cost.lastParts().clone();
    }
}
