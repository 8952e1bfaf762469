package frontier.simulate.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.workload.Request;

class SchedulerTest {

    static EngineSettings settings(int maxSeqs, int budget, boolean chunked) {
        var d = EngineSettings.vllmDefaults();
        return new EngineSettings(maxSeqs, budget, chunked, 16, 0.9, 0, true, d.cudaGraphSizes(), 0, 0.0, 0, false, 1, false, true);
    }

    static Sequence seq(long id, int in, int out) {
        return new Sequence(new Request(id, 0, in, out, null, 0, "r" + id));
    }

    @Test
    void chunkedPrefillSplitsALongPromptAndDecodesGoFirst() {
        var s = new Scheduler(settings(8, 100, true), new KvCache(1000, 16, false));
        Sequence a = seq(0, 30, 5);
        s.enqueue(a);
        var b = s.schedule(0);
        assertEquals(30, b.totalTokens);
        List<Sequence> done = new ArrayList<>();
        s.complete(10, done::add, g -> {});
        assertEquals(1, a.outputs(), "the prefill step samples the first token");
        assertEquals(10, a.firstTokenNs);
        Sequence big = seq(1, 250, 3);
        s.enqueue(big);
        b = s.schedule(10);
        assertEquals(1, b.decodeCount, "the running request decodes first");
        assertEquals(1, b.prefillCount);
        assertEquals(99, b.prefillTokens[0], "the new prompt gets what is left of the 100-token budget");
        s.complete(20, done::add, g -> {});
        assertEquals(0, big.outputs(), "a partial prefill samples nothing");
        b = s.schedule(20);
        assertEquals(99, b.prefillTokens[0]);
        assertEquals(99, b.prefillContext[0], "the second chunk attends to the first");
        s.complete(30, done::add, g -> {});
        b = s.schedule(30);
        assertEquals(52, b.prefillTokens[0], "250 = 99 + 99 + 52");
        s.complete(40, done::add, g -> {});
        assertEquals(1, big.outputs());
        assertEquals(40, big.firstTokenNs);
    }

    @Test
    void withoutChunkingAPromptLargerThanTheBudgetWaits() {
        var s = new Scheduler(settings(8, 100, false), new KvCache(1000, 16, false));
        s.enqueue(seq(0, 150, 2));
        assertTrue(s.schedule(0).isEmpty());
    }

    @Test
    void maxNumSeqsBoundsTheBatch() {
        var s = new Scheduler(settings(3, 1000, true), new KvCache(1000, 16, false));
        for (int i = 0; i < 5; i++) s.enqueue(seq(i, 10, 10));
        assertEquals(3, s.schedule(0).size());
        assertEquals(2, s.waitingCount());
    }

    @Test
    void runningOutOfBlocksPreemptsTheNewestRequestWhichRecomputesLater() {
        // 4 blocks of 16 tokens; two requests of 16 prompt tokens each grow past one block each
        var s = new Scheduler(settings(8, 1000, true), new KvCache(4, 16, false));
        Sequence a = seq(0, 16, 40), b = seq(1, 16, 40);
        s.enqueue(a);
        s.enqueue(b);
        List<Sequence> done = new ArrayList<>();
        long t = 0;
        int guard = 0;
        while (!(a.finished() && b.finished()) && guard++ < 500) {
            var batch = s.schedule(t);
            t += 10;
            s.complete(t, done::add, g -> {});
        }
        assertTrue(a.finished() && b.finished());
        assertTrue(s.preemptions() > 0, "64 KV slots cannot hold two 56-token requests at once");
        assertEquals(0, a.preemptions(), "the oldest request keeps its blocks");
        assertTrue(b.preemptions() > 0, "the newest running request is the victim");
        assertEquals(40, b.outputs(), "a recomputed request still produces exactly its tokens");
        assertEquals(0, s.kv().usedBlocks(), "finished requests return their blocks");
    }

    @Test
    void aSharedPrefixIsServedFromTheCacheAfterItsFirstRequest() {
        var kv = new KvCache(1000, 16, true);
        var s = new Scheduler(settings(8, 4096, true), kv);
        long[] hashes = {11, 22, 33};
        var first = new Sequence(new Request(0, 0, 1600, 2, hashes, 512, "a"));
        s.enqueue(first);
        assertEquals(1600, s.schedule(0).totalTokens);
        List<Sequence> done = new ArrayList<>();
        s.complete(1, done::add, g -> {});
        var second = new Sequence(new Request(1, 1, 1600, 2, new long[] {11, 22, 44}, 512, "b"));
        s.enqueue(second);
        var b = s.schedule(1);
        assertEquals(1024, second.cachedPromptTokens(), "two 512-token blocks are shared");
        assertEquals(1 + (1600 - 1024), b.totalTokens, "the first request decodes; the second computes only its new tokens");
    }

    @Test
    void aStepPlannedAheadAdmitsOnlyEarlierArrivalsAndWaitsForWhatThePreviousStepFreed() {
        var s = new Scheduler(settings(1, 4096, true), new KvCache(1000, 16, false));
        Sequence a = seq(0, 32, 1);
        s.enqueue(a, 0);
        assertEquals(32, s.schedule(0).totalTokens);
        Sequence late = seq(1, 32, 1);
        s.enqueue(late, 5); // arrives while the first step runs
        List<Sequence> done = new ArrayList<>();
        s.complete(10, done::add, g -> {});
        assertEquals(List.of(a), done, "one output token: the request finishes in its prefill step");
        assertTrue(s.schedule(10, 0, true).isEmpty(),
                "planned when the first step began: the request arrived later and the only slot was still taken");
        assertEquals(-1, late.firstScheduledNs);
        assertEquals(10, late.seenNs, "the first pass after its arrival took it in");
        assertEquals(32, s.schedule(10, 10, false).totalTokens, "planned now, it runs");
        assertEquals(10, late.firstScheduledNs);
    }

    @Test
    void onlyTheSlotsAndBlocksFreedByTheLastStepAreHeldBack() {
        var s = new Scheduler(settings(2, 4096, true), new KvCache(1000, 16, false));
        Sequence a = seq(0, 32, 1), b = seq(1, 32, 4);
        s.enqueue(a, 0);
        s.enqueue(b, 0);
        assertEquals(64, s.schedule(0).totalTokens);
        Sequence c = seq(2, 32, 1);
        s.enqueue(c, 1);
        s.complete(10, x -> {}, g -> {});
        var batch = s.schedule(10, 10, true);
        assertEquals(1, batch.decodeCount, "the surviving request decodes");
        assertEquals(0, batch.prefillCount, "the slot the finished request left is not yet free to a step planned ahead");
        s.complete(20, x -> {}, g -> {});
        batch = s.schedule(20, 20, true);
        assertEquals(1, batch.prefillCount, "nothing finished in the last step, so the free slot is handed out");
    }

    @Test
    void withoutMixedBatchesAStepPrefillsOrDecodesAndPrefillGoesFirst() {
        var sg = settings(8, 100, true);
        sg = new EngineSettings(sg.maxNumSeqs(), sg.maxNumBatchedTokens(), true, 16, 0.9, 0, true, sg.cudaGraphSizes(), 0, 0.0, 0,
                false, 1, false, false);
        var s = new Scheduler(sg, new KvCache(1000, 16, false));
        Sequence a = seq(0, 30, 5);
        s.enqueue(a);
        s.schedule(0);
        s.complete(10, x -> {}, g -> {});
        Sequence big = seq(1, 150, 3);
        s.enqueue(big);
        var b = s.schedule(10);
        assertEquals(0, b.decodeCount, "the running request waits while the new prompt is prefilled");
        assertEquals(100, b.prefillTokens[0], "the prompt gets the whole budget");
        s.complete(20, x -> {}, g -> {});
        b = s.schedule(20);
        assertEquals(0, b.decodeCount, "the rest of the prompt still goes first");
        assertEquals(50, b.totalTokens);
        s.complete(30, x -> {}, g -> {});
        b = s.schedule(30);
        assertEquals(2, b.decodeCount, "with no prompt left, both decode");
        assertEquals(0, b.prefillCount);
        assertEquals(1, a.outputs(), "the first request sampled nothing while the prompt ran");
    }

    /** SGLang-style steps (prefill or decode) with the admission reserve given. */
    static EngineSettings reserving(frontier.simulate.cluster.NewTokenReserve reserve) {
        var d = EngineSettings.vllmDefaults();
        return new EngineSettings(8, 4096, true, 16, 0.9, 0, false, d.cudaGraphSizes(), 0, 0.0, 0, false, 1, false, false, null, null,
                reserve);
    }

    static final frontier.simulate.cluster.NewTokenReserve RESERVE = new frontier.simulate.cluster.NewTokenReserve(0.7, 0.1, 600, 4096);

    /**
     * 100 blocks of 16 = 1,600 tokens. Request a has run its 300-token prompt and has 999 outputs
     * to come; b (300 prompt tokens, 300 outputs) has just arrived.
     */
    static Scheduler aRunningBWaiting(frontier.simulate.cluster.NewTokenReserve reserve) {
        var s = new Scheduler(reserving(reserve), new KvCache(100, 16, false));
        s.enqueue(seq(0, 300, 1000));
        s.schedule(0);
        s.complete(1, x -> {}, g -> {});
        s.enqueue(seq(1, 300, 300), 1);
        return s;
    }

    @Test
    void theReserveHoldsANewRequestUntilTheRunningOnesExpectedOutputLeavesRoom() {
        assertEquals(1, aRunningBWaiting(null).schedule(2).prefillCount, "without it b is admitted on the blocks it needs now");
        // free is 1,600 - 304 = 1,296 tokens; a's expected output 0.7 x 999 = 699 leaves 597, short of b's 300 + 300
        var batch = aRunningBWaiting(RESERVE).schedule(2);
        assertEquals(0, batch.prefillCount, "held");
        assertEquals(1, batch.decodeCount, "a decodes meanwhile");
    }

    @Test
    void tensorRtLlmsNoEvictGuaranteeHoldsTheRequestWhileTheRunningOneStillNeedsItsWholeOutput() {
        // room = free - a's whole remaining output: 1,296 - 999 = 297 now, and it stays 297 as a writes
        // each token into the cache it was keeping for it; b needs 600, so it waits for a to finish
        var s = aRunningBWaiting(frontier.simulate.cluster.NewTokenReserve.TRTLLM_GUARANTEED_NO_EVICT);
        for (int step = 0; step < 500; step++) {
            var batch = s.schedule(2 + step);
            assertEquals(0, batch.prefillCount, "held at step " + step);
            assertEquals(1, batch.decodeCount);
            s.complete(3 + step, x -> {}, g -> {});
        }
    }

    @Test
    void theExpectedShareFallsEachDecodeStepAndLetsTheRequestIn() {
        var s = aRunningBWaiting(RESERVE);
        int steps = 0;
        while (s.schedule(2 + steps).prefillCount == 0) {
            s.complete(3 + steps, x -> {}, g -> {});
            steps++;
            assertTrue(steps < 200, "b never got in");
        }
        // a's remaining output shrinks by one token and its share by 0.001 per decode step, so a
        // handful of steps free the 3 tokens b was short of
        assertTrue(steps > 0 && steps < 20, "decode steps before b starts: " + steps);
    }
}
