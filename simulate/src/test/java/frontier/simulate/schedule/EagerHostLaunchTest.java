package frontier.simulate.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import frontier.simulate.TestBundles;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;
import frontier.simulate.cost.EagerLaunches;
import frontier.simulate.cost.OperatorSet;
import frontier.simulate.cost.StepCostModel;
import frontier.simulate.cost.StepPart;
import frontier.simulate.workload.Request;

/**
 * A step outside a CUDA graph lasts at least as long as the host takes to launch its operators. SGLang
 * (as TensorRT-LLM) runs prompt work eagerly; vLLM replays batches of up to its largest captured
 * size in tokens as piecewise graphs.
 */
class EagerHostLaunchTest {
    static final ModelConfig LLAMA = ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B");
    /** Operators one eager step of Llama-3.1-8B on one GPU launches (SGLang's and vLLM's count alike there). */
    static final int OPS = EagerLaunches.perStep(LLAMA, new Layout(1, 1, 1, 1, 1), "sglang");

    StepCostModel cost(double hostUsPerOp, boolean enforceEager) {
        return cost("sglang", hostUsPerOp, enforceEager);
    }

    StepCostModel cost(String engine, double hostUsPerOp, boolean enforceEager) {
        var d = EngineSettings.vllmDefaults();
        var e = new EngineSettings(d.maxNumSeqs(), d.maxNumBatchedTokens(), true, 16, 0.9, 0, true,
                enforceEager ? new int[0] : d.cudaGraphSizes(), 0, 0.01, 0, false, 1, false, true, null, null, null, hostUsPerOp);
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), e);
        return new StepCostModel(LLAMA, cluster, Dtype.BF16, Dtype.BF16, new OperatorSet(TestBundles.rtx(), engine, "0.19.0"), "auto", null);
    }

    static Batch prompt(int tokens) {
        var b = new Batch();
        b.add(new Sequence(new Request(1, 0, tokens, 10, null, 0, "p")), tokens);
        return b;
    }

    static Batch graphedDecodes(EngineSettings e) {
        var b = AllReduceStepTest.eightDecodes();
        b.paddedDecode = e.paddedDecodeBatch(b.decodeCount);
        return b;
    }

    @Test
    void aShortPromptWaitsForTheHostAndTheWaitIsItsOwnPart() {
        var kernelBound = cost(0, false);
        long kernels = kernelBound.stepNs(prompt(64));
        double perOpUs = 2.0 * kernels / 1000 / OPS;
        var hostBound = cost(perOpUs, false);
        long launched = hostBound.stepNs(prompt(64));
        assertEquals(Math.round(perOpUs * OPS * 1000), launched, 1, "the step lasts as long as the host launches its operators");
        double[] parts = hostBound.lastParts();
        assertEquals((launched - kernels) / 1000.0, parts[StepPart.HOST_LAUNCH.ordinal()], 0.01, "what the kernels leave is the host's");
        double sum = 0;
        for (double p : parts) sum += p;
        assertEquals(launched / 1000.0, sum, 0.01, "the parts still add up to the step");
    }

    @Test
    void aLongPromptWhoseKernelsOutlastTheLaunchesIsUnchanged() {
        long kernels = cost(0, false).stepNs(prompt(8192));
        double perOpUs = 0.5 * kernels / 1000 / OPS;
        var hostBound = cost(perOpUs, false);
        assertEquals(kernels, hostBound.stepNs(prompt(8192)));
        assertEquals(0, hostBound.lastParts()[StepPart.HOST_LAUNCH.ordinal()]);
    }

    @Test
    void decodesReplayedAsCudaGraphsSkipTheLaunchesUnlessTheEngineRunsEager() {
        var d = EngineSettings.vllmDefaults();
        long kernels = cost(0, false).stepNs(graphedDecodes(d));
        double perOpUs = 3.0 * kernels / 1000 / OPS;
        assertEquals(kernels, cost(perOpUs, false).stepNs(graphedDecodes(d)), "a graph replay launches nothing from the host");
        var eager = cost(perOpUs, true);
        long eagerDecode = eager.stepNs(AllReduceStepTest.eightDecodes());
        assertTrue(eagerDecode >= Math.round(perOpUs * OPS * 1000) - 1,
                "with enforce_eager every step is launched operator by operator: " + eagerDecode);
    }

    @Test
    void vllmReplaysPromptChunksUpToItsLargestCaptureAsPiecewiseGraphs() {
        long shortKernels = cost("vllm", 0, false).stepNs(prompt(64));
        long longKernels = cost("vllm", 0, false).stepNs(prompt(1024));
        double perOpUs = 2.0 * longKernels / 1000 / OPS;
        var hostBound = cost("vllm", perOpUs, false);
        assertEquals(shortKernels, hostBound.stepNs(prompt(64)), "64 tokens fit the 512-token capture: no launches from the host");
        assertEquals(Math.round(perOpUs * OPS * 1000), hostBound.stepNs(prompt(1024)), 1,
                "1,024 tokens run eagerly beyond it");
    }
}
