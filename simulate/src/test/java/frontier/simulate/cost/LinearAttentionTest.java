package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;

/** Hybrid models: only the full-attention layers hold a KV cache; the linear ones keep a state per running sequence. */
class LinearAttentionTest {

    @Test
    void qwen35KeepsKvInItsFullAttentionLayersOnly() {
        var m = ModelConfigs.shipped().load("Qwen/Qwen3.5-397B-A17B");
        assertEquals(60, m.layers());
        assertEquals(45, m.linearLayers(), "three of every four layers are linear attention");
        assertEquals(15, m.kvLayers());
        var hw = HardwareProfiles.discover().load("h200_sxm");
        var d = EngineSettings.vllmDefaults();
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 8, 1, 1, 8), d);
        var plan = MemoryPlan.of(m, cluster, Dtype.FP8, Dtype.BF16, hw);
        // 2 KV heads over tp 8: one per GPU, K and V of 256 elements each, bf16, 15 layers
        assertEquals(15 * 2.0 * 1 * 256 * 2, plan.kvBytesPerToken(), 1e-9);
        // each of 256 running sequences holds 45 layers of state, its 64 value heads split over 8 GPUs
        double state = 256 * 45 * m.linear().stateBytesPerLayer() / 8;
        var dense = ModelConfigs.shipped().load("Qwen/Qwen3-235B-A22B");
        assertEquals(0, dense.linearLayers());
        assertTrue(state > 1e9 && plan.activationBytes() > state, "the state reserve is counted: " + plan.activationBytes());
    }
}
