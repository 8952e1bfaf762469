package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.Family;
import frontier.simulate.TestBundles;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;

/** TensorRT-LLM's fp8 GEMM rows include a per-call activation quantization its serving path fuses away. */
class Fp8ActivationQuantTest {
    @TempDir Path tmp;

    StepCostModel cost(Bundle bundle, String engine, Dtype dtype) {
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), EngineSettings.vllmDefaults());
        return new StepCostModel(ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B"), cluster, dtype, Dtype.BF16,
                new OperatorSet(bundle, engine, "1.2.0rc5"), "auto", null);
    }

    @Test
    void trtllmFp8GemmsLeaveOutTheQuantizationTheirTableTimed() {
        var bundle = TestBundles.calibrated("aiconfigurator/h200_sxm/gemm/trtllm/1.2.0rc5", "h200_sxm", tmp.resolve("b"));
        var trt = cost(bundle, "trtllm", Dtype.FP8);
        var asTimed = cost(bundle, "vllm", Dtype.FP8);
        double q = trt.activationQuantUs();
        assertTrue(q > 5 && q < 20, "the fp8 rows carry several microseconds over the bf16 ones at one token: " + q);
        assertEquals(0, asTimed.activationQuantUs(), "other engines' fp8 rows are taken as timed");
        assertEquals(0, cost(bundle, "trtllm", Dtype.BF16).activationQuantUs(), "bf16 GEMMs quantize nothing");

        var ops = new OperatorSet(bundle, "trtllm", "1.2.0rc5");
        var fp8 = ops.bind(Family.GEMM, List.of(Dtype.FP8), "auto", "fp8");
        var bf16 = ops.bind(Family.GEMM, List.of(Dtype.BF16), "auto", "bf16");
        for (int[] s : new int[][] {{1, 4096, 4096}, {16, 1024, 8192}, {2048, 8192, 8192}}) {
            double timed = fp8.latencyUs(new double[] {s[0], s[1], s[2]});
            double half = bf16.latencyUs(new double[] {s[0], s[1], s[2]}) / 2;
            assertEquals(timed, Priced.us(asTimed.gemmPrice(fp8, s[0], s[1], s[2])), 1e-9);
            assertEquals(Math.max(timed - q, half), Priced.us(trt.gemmPrice(fp8, s[0], s[1], s[2])), 1e-9,
                    "never faster than half the bf16 GEMM of the same shape");
        }
    }
}
