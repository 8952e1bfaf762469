package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.Layout;

class EagerLaunchesTest {
    static final ModelConfigs MODELS = ModelConfigs.shipped();
    static final ModelConfig LLAMA_8B = MODELS.load("meta-llama/Llama-3.1-8B");
    static final ModelConfig LLAMA_70B = MODELS.load("meta-llama/Llama-3.1-70B");
    static final ModelConfig DEEPSEEK = MODELS.load("deepseek-ai/DeepSeek-V3");

    static Layout tp(int tp) { return new Layout(1, tp, 1, 1, 1); }

    @Test
    void aDenseLayerOnOneGpuLaunchesItsNormsProjectionsRopeAttentionAndMlp() {
        // two norms, qkv and o, rotary, attention; gate-up, activation, down
        assertEquals(32 * (2 + 2 + 1 + 1 + 3), EagerLaunches.perStep(LLAMA_8B, tp(1), "sglang"));
        assertEquals(32 * 2, EagerLaunches.perStep(LLAMA_8B, tp(2), "sglang") - EagerLaunches.perStep(LLAMA_8B, tp(1), "sglang"),
                "tensor parallelism adds two all-reduces a layer");
    }

    @Test
    void tensorRtLlmFusesNormsIntoItsAllReduceAndRopeIntoAttention() {
        int sglang = EagerLaunches.perStep(LLAMA_70B, tp(8), "sglang");
        int trtllm = EagerLaunches.perStep(LLAMA_70B, tp(8), "trtllm");
        assertEquals(80 * 3, sglang - trtllm);
        assertEquals(80, EagerLaunches.perStep(LLAMA_70B, tp(1), "sglang") - EagerLaunches.perStep(LLAMA_70B, tp(1), "trtllm"),
                "without tensor parallelism only RoPE is folded in");
    }

    @Test
    void anMoeLayerWithLatentAttentionLaunchesFarMoreThanADenseOne() {
        double deepseekPerLayer = (double) EagerLaunches.perStep(DEEPSEEK, tp(8), "trtllm") / DEEPSEEK.layers();
        double llamaPerLayer = (double) EagerLaunches.perStep(LLAMA_70B, tp(8), "trtllm") / LLAMA_70B.layers();
        assertTrue(deepseekPerLayer > 1.5 * llamaPerLayer, deepseekPerLayer + " vs " + llamaPerLayer);
    }

    @Test
    void sglangsFusedSharedExpertAndDataParallelDispatchAreCounted() {
        int fused = EagerLaunches.perStep(DEEPSEEK, new Layout(1, 8, 1, 1, 1), "sglang");
        int apart = EagerLaunches.perStep(DEEPSEEK, new Layout(1, 8, 1, 1, 8), "sglang");
        assertEquals(DEEPSEEK.moeLayers() * 3, apart - fused, "with expert parallelism the shared expert runs as GEMMs of its own");
        int dp = EagerLaunches.perStep(DEEPSEEK, new Layout(1, 1, 1, 8, 8), "sglang");
        int tp1 = EagerLaunches.perStep(DEEPSEEK, new Layout(1, 1, 1, 1, 8), "sglang");
        assertEquals(DEEPSEEK.moeLayers() * 2, dp - tp1, "data-parallel ranks dispatch and combine every MoE layer");
    }
}
