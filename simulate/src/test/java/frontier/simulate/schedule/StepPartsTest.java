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
import frontier.simulate.cost.StepPart;
import frontier.simulate.workload.Request;

/** Where a step's time goes: the split adds up to the step and follows the layout. */
class StepPartsTest {
    static final ModelConfig LLAMA = ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B");
    static final ModelConfig QWEN_MOE = ModelConfigs.shipped().load("Qwen/Qwen3-30B-A3B");

    static StepCostModel cost(ModelConfig model, Layout layout) {
        var cluster = new ClusterSpec("serve", Role.COLOCATED, layout, EngineSettings.vllmDefaults());
        return new StepCostModel(model, cluster, Dtype.BF16, Dtype.BF16, new OperatorSet(TestBundles.rtx(), "vllm", "0.19.0"), "auto",
                MoeRouting.parse("uniform", model.isMoe() ? model.moe().experts() : 0, Path.of(".")));
    }

    static Batch decodes(int n, int context) {
        var batch = new Batch();
        for (int i = 0; i < n; i++) {
            var s = new Sequence(new Request(i, 0, context, 10, null, 0, "d" + i));
            s.computed = context;
            s.outputs = 1;
            s.numTokens = context + 1;
            batch.add(s, 1);
        }
        return batch;
    }

    static Batch prompt(int tokens) {
        var batch = new Batch();
        batch.add(new Sequence(new Request(100, 0, tokens, 10, null, 0, "p")), tokens);
        return batch;
    }

    static double[] stepParts(StepCostModel c, Batch... ranks) {
        long ns = c.stepNs(ranks, ranks.length);
        double[] parts = c.lastParts().clone();
        double sum = 0;
        for (double p : parts) sum += p;
        assertEquals(ns / 1e3, sum, 1e-3, "the parts add up to the step");
        return parts;
    }

    static double part(double[] parts, StepPart p) { return parts[p.ordinal()]; }

    @Test
    void aDenseStepOnOneGpuHasNoCommunicationAndNoExperts() {
        double[] p = stepParts(cost(LLAMA, new Layout(1, 1, 1, 1, 1)), decodes(16, 800));
        assertTrue(part(p, StepPart.DENSE_MLP) > 0 && part(p, StepPart.ATTENTION) > 0 && part(p, StepPart.PROJECTIONS) > 0);
        assertTrue(part(p, StepPart.LM_HEAD_SAMPLER) > 0);
        assertEquals(0, part(p, StepPart.TP_COMMUNICATION));
        assertEquals(0, part(p, StepPart.MOE));
        assertEquals(0, part(p, StepPart.EP_COMMUNICATION));
    }

    @Test
    void tensorParallelismAddsAllReduces() {
        double[] p = stepParts(cost(LLAMA, new Layout(1, 2, 1, 1, 1)), decodes(16, 800));
        assertTrue(part(p, StepPart.TP_COMMUNICATION) > 0);
    }

    @Test
    void expertParallelStepsSplitExpertsFromTheirExchange() {
        var c = cost(QWEN_MOE, new Layout(1, 1, 1, 2, 2));
        double[] p = stepParts(c, decodes(32, 600), decodes(32, 600));
        assertTrue(part(p, StepPart.MOE) > 0);
        assertTrue(part(p, StepPart.EP_COMMUNICATION) > 0);
        assertEquals(0, part(p, StepPart.DENSE_MLP), "every Qwen3-30B-A3B layer is an MoE layer");
    }

    @Test
    void lockstepRanksCountTheAttentionOfTheRankThatSetThePace() {
        var c = cost(QWEN_MOE, new Layout(1, 1, 1, 2, 2));
        double heavyAlone = part(stepParts(c, prompt(2048)), StepPart.ATTENTION);
        double lightAlone = part(stepParts(c, decodes(4, 300)), StepPart.ATTENTION);
        assertTrue(heavyAlone > 2 * lightAlone);
        double[] both = stepParts(c, decodes(4, 300), prompt(2048));
        assertEquals(heavyAlone, part(both, StepPart.ATTENTION), 1e-9);
    }
}
