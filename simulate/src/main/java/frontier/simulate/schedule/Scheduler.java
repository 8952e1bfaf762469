package frontier.simulate.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import frontier.simulate.cluster.EngineSettings;

/**
 * One engine instance's scheduler, modelled on vLLM v1's: each step first gives running
 * requests their next tokens (decodes, then remaining prompt chunks) within the token budget,
 * preempting the most recently admitted request (recompute) when KV blocks run out; then, if
 * nothing was preempted, admits waiting requests first-come first-served while the budget, the
 * sequence limit and the KV blocks (minus a watermark) allow.
 */
public final class Scheduler {
    private final EngineSettings settings;
    private final KvCache kv;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>();
    private final Batch batch = new Batch();
    private final long watermarkBlocks;
    private long preemptions;

    public Scheduler(EngineSettings settings, KvCache kv) {
        this.settings = settings;
        this.kv = kv;
        this.watermarkBlocks = (long) Math.floor(settings.watermark() * kv.totalBlocks());
    }

    public void enqueue(Sequence s) {
        waiting.addLast(s);
    }

    public boolean idle() {
        return waiting.isEmpty() && running.isEmpty();
    }

    public int waitingCount() { return waiting.size(); }
    public int runningCount() { return running.size(); }
    public KvCache kv() { return kv; }
    public long preemptions() { return preemptions; }

    /** Outstanding work in tokens (prompt tokens still to compute plus outputs still to sample). */
    public long outstandingTokens() {
        long t = 0;
        for (Sequence s : running) t += (s.numTokens - s.computed) + (s.targetOutputs - s.outputs);
        for (Sequence s : waiting) t += (s.numTokens - s.computed) + (s.targetOutputs - s.outputs);
        return t;
    }

    /** Builds the next step's batch; empty when nothing can run. */
    public Batch schedule(long nowNs) {
        batch.clear();
        int budget = settings.maxNumBatchedTokens();
        boolean preempted = false;
        for (int i = 0; i < running.size() && budget > 0; i++) {
            Sequence s = running.get(i);
            int want = s.numTokens - s.computed;
            int n = Math.min(want, budget);
            if (n <= 0) continue;
            if (!settings.chunkedPrefill() && n < want) continue;
            boolean victimWasSelf = false;
            while (!kv.allocate(s, n, 0)) {
                Sequence victim = running.removeLast();
                preempt(victim);
                preempted = true;
                if (victim == s) {
                    victimWasSelf = true;
                    break;
                }
            }
            if (victimWasSelf) break;
            batch.add(s, n);
            budget -= n;
        }
        if (!preempted) {
            while (!waiting.isEmpty() && budget > 0 && running.size() < settings.maxNumSeqs()) {
                Sequence s = waiting.peekFirst();
                if (!s.prefixMatched) {
                    int cached = kv.matchPrefix(s);
                    s.computed = cached;
                    s.prefixMatched = true;
                    if (s.cachedPromptTokens < 0) s.cachedPromptTokens = cached;
                }
                int want = s.numTokens - s.computed;
                if (!settings.chunkedPrefill() && want > budget) break;
                int n = Math.min(want, budget);
                if (!kv.allocate(s, n, watermarkBlocks)) {
                    break;
                }
                waiting.pollFirst();
                running.add(s);
                if (s.firstScheduledNs < 0) s.firstScheduledNs = nowNs;
                batch.add(s, n);
                budget -= n;
            }
        }
        if (batch.prefillCount == 0 && batch.decodeCount > 0) {
            batch.paddedDecode = settings.paddedDecodeBatch(batch.decodeCount);
        }
        return batch;
    }

    private void preempt(Sequence s) {
        kv.release(s);
        s.computed = 0;
        s.prefixMatched = false;
        s.preemptions++;
        preemptions++;
        waiting.addFirst(s);
    }

    /**
     * Applies a finished step at {@code nowNs}: scheduled tokens are computed; every sequence
     * whose known tokens are all computed samples its next token. Finished sequences leave the
     * instance and are handed to {@code done}.
     */
    public void complete(long nowNs, java.util.function.Consumer<Sequence> done, TokenListener tokens) {
        for (int i = 0; i < batch.size; i++) {
            Sequence s = batch.seqs[i];
            s.computed += s.scheduledTokens;
            s.scheduledTokens = 0;
            if (s.computed < s.numTokens) continue; // a prompt chunk: nothing sampled yet
            if (s.computed >= s.promptTokens) kv.publish(s);
            s.outputs++;
            s.numTokens++;
            if (s.firstTokenNs < 0) {
                s.firstTokenNs = nowNs;
            } else if (s.lastTokenNs >= 0) {
                long gap = nowNs - s.lastTokenNs;
                if (gap > s.maxGapNs) s.maxGapNs = gap;
                tokens.interTokenGap(gap);
            }
            s.lastTokenNs = nowNs;
        }
        // remove finished sequences, keeping the running order
        int w = 0;
        for (int r = 0; r < running.size(); r++) {
            Sequence s = running.get(r);
            if (s.finished()) {
                kv.release(s);
                done.accept(s);
            } else {
                running.set(w++, s);
            }
        }
        while (running.size() > w) running.removeLast();
    }

    /** Receives every inter-token gap, for the ITL distribution. */
    public interface TokenListener {
        void interTokenGap(long ns);
    }
}
