package frontier.simulate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cost.EagerLaunches;

class EagerHostFitTest {
    static final ModelConfigs MODELS = ModelConfigs.shipped();
    static final String DEEPSEEK = "deepseek-ai/DeepSeek-V3", LLAMA = "meta-llama/Llama-3.1-70B";

    static SiliconRow row(String backend, String model, String mode, int isl, int c, int tp, double ttftMs) {
        var w = new SiliconRow.Workers(1, c, tp, 1, 1, tp, 1);
        boolean disagg = "disagg".equals(mode);
        return new SiliconRow(1, "r", "b200_sxm", backend, "1.0", model, "fp8", "", "", mode, isl, 1024, c,
                disagg ? null : w, disagg ? w : null, disagg ? w : null, ttftMs, 10, null);
    }

    static double perOp(String backend, String model, int tp, double ttftMs) {
        return ttftMs * 1000 / EagerLaunches.perStep(MODELS.load(model), new Layout(1, tp, 1, 1, 1), backend);
    }

    @Test
    void eachDeploymentCountsOnceAtItsLowestConcurrencyAndOnlyShortAggPromptsOfEagerEnginesCount() {
        var rows = List.of(
                row("trtllm", DEEPSEEK, "agg", 1024, 16, 8, 900),
                row("trtllm", DEEPSEEK, "agg", 1024, 4, 8, 180),
                row("trtllm", LLAMA, "agg", 1024, 8, 8, 60),
                row("trtllm", LLAMA, "agg", 1024, 4, 4, 80),
                row("trtllm", LLAMA, "agg", 8192, 4, 8, 400),
                row("trtllm", LLAMA, "disagg", 1024, 4, 8, 50),
                row("vllm", LLAMA, "agg", 1024, 4, 8, 70),
                row("trtllm", "no/such-model", "agg", 1024, 4, 8, 70));
        var fits = EagerHostFit.fit(rows, MODELS);
        assertEquals(1, fits.size(), "vLLM compiles its prompt steps and has no value");
        var f = fits.getFirst();
        assertEquals("trtllm", f.engine());
        assertEquals(3, f.rows());
        double[] v = {perOp("trtllm", DEEPSEEK, 8, 180), perOp("trtllm", LLAMA, 8, 60), perOp("trtllm", LLAMA, 4, 80)};
        java.util.Arrays.sort(v);
        assertEquals(v[1], f.usPerOp(), 1e-9, "the median of the deployments' values");
        assertEquals(v[0], f.lowUs(), 1e-9);
        assertEquals(v[2], f.highUs(), 1e-9);
    }
}
