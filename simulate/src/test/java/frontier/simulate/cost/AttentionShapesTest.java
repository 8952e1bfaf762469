package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import frontier.simulate.schedule.Batch;
import frontier.simulate.schedule.KvCache;
import frontier.simulate.schedule.Scheduler;
import frontier.simulate.schedule.Sequence;
import frontier.simulate.workload.Request;

/** Attention shapes just outside what the tables timed: heads larger than any measured, prompt tails shorter. */
class AttentionShapesTest {
    static final OperatorSet OPS = new OperatorSet(TestBundles.rtx(), "vllm", "0.19.0");

    @Test
    void largerHeadsArePricedAsMoreHeadsOfAMeasuredSize() {
        var decode = OPS.bind(Family.ATTENTION_DECODE, List.of(Dtype.BF16), "auto", "decode");
        int largest = (int) decode.model().upperBound(5);
        assertArrayEquals(new int[] {8, 2, largest}, AttentionPricer.fold(decode, 5, 4, 1, 2 * largest),
                "same multiply-adds, same KV bytes");
        assertArrayEquals(new int[] {16, 4, largest}, AttentionPricer.fold(decode, 5, 4, 1, 4 * largest));
        assertArrayEquals(new int[] {32, 8, largest}, AttentionPricer.fold(decode, 5, 32, 8, largest), "a measured size stays");
        assertArrayEquals(new int[] {16, 4, 3 * largest / 4}, AttentionPricer.fold(decode, 5, 4, 1, 3 * largest),
                "the first power-of-two split that fits");
        assertArrayEquals(new int[] {4, 1, largest + 1}, AttentionPricer.fold(decode, 5, 4, 1, largest + 1),
                "an odd size splits into no whole heads: left to the fallback");
        assertArrayEquals(new int[] {4, 1, 512}, AttentionPricer.fold(null, 5, 4, 1, 512));
    }

    @Test
    void aPromptTailShorterThanAnyTimedPromptIsPricedInsideTheTable() {
        var prefill = OPS.bind(Family.ATTENTION_PREFILL, List.of(Dtype.BF16), "auto", "prefill");
        int shortest = (int) prefill.model().lowerBound(1);
        assertTrue(shortest > 1, "the table's shortest prompt is longer than one token");
        // a prompt one token longer than the step budget leaves a one-token tail for the second step
        var d = EngineSettings.vllmDefaults();
        var settings = new EngineSettings(8, shortest, true, 16, 0.9, 0, false, d.cudaGraphSizes(), 0, 0, 0, false, 1, false, true);
        var scheduler = new Scheduler(settings, new KvCache(10_000, 16, false));
        scheduler.enqueue(new Sequence(new Request(0, 0, shortest + 1, 5, null, 0, "r")));
        scheduler.schedule(0);
        scheduler.complete(1, s -> {}, g -> {});
        Batch tail = scheduler.schedule(1);
        assertEquals(1, tail.prefillTokens[0]);
        assertEquals(shortest, tail.prefillContext[0]);
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), d);
        var cost = new StepCostModel(ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B"), cluster, Dtype.BF16, Dtype.BF16, OPS,
                "auto", null);
        var pricer = new AttentionPricer(cost, OPS, "auto", 0);
        long before = cost.fallbacks();
        assertTrue(pricer.price(tail, false) > 0);
        assertEquals(before, cost.fallbacks(), "priced by the model at the shortest timed prompt, not by the roofline fallback");
    }
}
