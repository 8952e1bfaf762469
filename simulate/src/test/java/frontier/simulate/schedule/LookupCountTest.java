package frontier.simulate.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        var ops = new OperatorSet(TestBundles.rtx(), "vllm", "0.19.0");
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), EngineSettings.vllmDefaults());
        var cost = new StepCostModel(m, cluster, Dtype.BF16, Dtype.BF16, ops, "auto",
                MoeRouting.parse("uniform", m.moe().experts(), Path.of("")));
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
}
