package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.Family;
import frontier.simulate.TestBundles;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;

class GemmSplitTest {
    @Test
    void aGemmWiderThanTheTableIsPricedAsHalvesThatFit() {
        var ops = new OperatorSet(TestBundles.rtx(), "vllm", "0.19.0");
        var gemm = ops.bind(Family.GEMM, List.of(Dtype.BF16), "auto", "gemm");
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), EngineSettings.vllmDefaults());
        var cost = new StepCostModel(ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B"), cluster, Dtype.BF16, Dtype.BF16, ops,
                "auto", null);
        int widest = (int) gemm.model().upperBound(1);
        int k = (int) gemm.model().lowerBound(2);
        double whole = cost.price(gemm, Family.GEMM, new double[] {8, 2.0 * widest, k}, new String[] {"bfloat16"});
        assertTrue(Priced.fallback(whole), "twice the widest measured n is outside the model's range");
        double half = cost.gemmPrice(gemm, 8, widest, k);
        assertTrue(!Priced.fallback(half) && half > 0, "the widest measured n is inside");
        assertEquals(2 * half, cost.gemmPrice(gemm, 8, 2 * widest, k), 1e-9, "two halves, one after the other");
        assertEquals(3 * cost.gemmPrice(gemm, 8, widest, k), cost.gemmPrice(gemm, 8, 3 * widest, k), 1e-9);
    }
}
