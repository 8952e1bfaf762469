package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import frontier.calibrate.UserInputException;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;

class MemoryPlanTest {
    static final double GIB = 1L << 30;

    @Test
    void tensorRtLlmGivesTheKvCacheItsShareOfWhatTheWeightsLeave() {
        var model = ModelConfigs.shipped().load("meta-llama/Llama-3.1-70B");
        var hw = HardwareProfiles.discover().load("h200_sxm");
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), EngineSettings.vllmDefaults());
        var vllm = MemoryPlan.of(model, cluster, Dtype.FP8, Dtype.FP8, hw, "vllm");
        var trt = MemoryPlan.of(model, cluster, Dtype.FP8, Dtype.FP8, hw, "trtllm");
        assertEquals(vllm.weightsBytes(), trt.weightsBytes());
        double rest = vllm.weightsBytes() + vllm.activationBytes() + vllm.runtimeBytes();
        double block = vllm.kvBytesPerToken() * 16;
        // vLLM: 0.9 of the GPU, less everything else; TensorRT-LLM: 0.9 of what everything else leaves
        assertEquals(Math.floor((0.9 * hw.memoryBytes() - rest) / block), vllm.blocks());
        assertEquals(Math.floor(0.9 * (hw.memoryBytes() - rest) / block), trt.blocks());
        assertTrue(trt.blocks() > vllm.blocks());
        assertEquals(vllm.blocks(), MemoryPlan.of(model, cluster, Dtype.FP8, Dtype.FP8, hw, "sglang").blocks());
    }

    @Test
    void weightsLargerThanTheGpuFailForEitherReadingAndSayHowMuchIsMissing() {
        var model = ModelConfigs.shipped().load("deepseek-ai/DeepSeek-V3");
        var hw = HardwareProfiles.discover().load("h200_sxm");
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), EngineSettings.vllmDefaults());
        var e = assertThrows(UserInputException.class, () -> MemoryPlan.of(model, cluster, Dtype.FP8, Dtype.FP8, hw, "trtllm"));
        assertTrue(e.getMessage().contains("does not fit on h200_sxm") && e.getMessage().contains("the KV cache takes 0.90 of what is left"),
                e.getMessage());
    }
}
