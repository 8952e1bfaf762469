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
 * sequence limit and the KV blocks (minus a watermark) allow. An engine that does not mix
 * (SGLang) runs a step of unfinished prompts and new requests whenever there are any, and a step
 * of decodes otherwise. An engine that schedules a step ahead plans each step while the previous
 * one runs, so it admits only requests that had arrived when planning began and cannot yet reuse
 * what the previous step freed.
 */
public final class Scheduler {
    private final EngineSettings settings;
    private final KvCache kv;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>();
    /** Sequences enqueued since the last scheduling pass. */
    private final List<Sequence> unseen = new ArrayList<>();
    private final Batch batch = new Batch();
    private final long watermarkBlocks;
    private long preemptions;
    /** Sequences and KV blocks the last completed step freed. */
    private int freedSeqs;
    private long freedBlocks;

    /** SGLang's expected share of a running request's remaining output (see {@link frontier.simulate.cluster.NewTokenReserve}). */
    private double tokenRatio;

    public Scheduler(EngineSettings settings, KvCache kv) {
        this.settings = settings;
        this.kv = kv;
        this.watermarkBlocks = (long) Math.floor(settings.watermark() * kv.totalBlocks());
        this.tokenRatio = settings.newTokenReserve() == null ? 0 : settings.newTokenReserve().initRatio();
    }

    public void enqueue(Sequence s) {
        enqueue(s, Long.MIN_VALUE);
    }

    /** A request that reached this scheduler at {@code nowNs}. */
    public void enqueue(Sequence s, long nowNs) {
        s.queuedNs = nowNs;
        if (s.seenNs < 0) unseen.add(s);
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
        return schedule(nowNs, Long.MAX_VALUE, false);
    }

    /**
     * Builds the next step's batch.
     *
     * @param plannedAtNs when the step was planned: only requests that reached the scheduler before then may join
     * @param ahead       the step was planned while the previous one ran, so the sequence slots and KV blocks that
     *                    step freed were not free yet
     */
    public Batch schedule(long nowNs, long plannedAtNs, boolean ahead) {
        return schedule(nowNs, plannedAtNs, ahead, true);
    }

    /**
     * Builds the next step's batch.
     *
     * @param admit whether waiting requests may start this step (running ones continue either way)
     */
    public Batch schedule(long nowNs, long plannedAtNs, boolean ahead, boolean admit) {
        for (Sequence s : unseen) s.seenNs = nowNs;
        unseen.clear();
        if (settings.mixedBatches()) return build(nowNs, plannedAtNs, ahead, true, true, admit);
        // prefill first: unfinished prompts and new requests; decode only when there is none
        build(nowNs, plannedAtNs, ahead, false, true, admit);
        return batch.isEmpty() ? build(nowNs, plannedAtNs, ahead, true, false, admit) : batch;
    }

    /** Whether a waiting request could start in a step planned at {@code plannedAtNs}: one has arrived and a slot is free. */
    public boolean canAdmit(long plannedAtNs, boolean ahead) {
        Sequence first = waiting.peekFirst();
        return first != null && first.queuedNs < plannedAtNs
                && running.size() + (ahead ? freedSeqs : 0) < settings.maxNumSeqs();
    }

    /** Whether any running request is past its prompt. */
    public boolean hasDecodes() {
        return decodeCount() > 0;
    }

    /** Running requests past their prompt. */
    public int decodeCount() {
        int n = 0;
        for (Sequence s : running) if (s.decoding()) n++;
        return n;
    }

    /** Prompt tokens still to compute of the waiting requests a step planned at {@code plannedAtNs} could take, up to {@code cap}. */
    public long waitingPromptTokens(long plannedAtNs, long cap) {
        long t = 0;
        for (Sequence s : waiting) {
            if (s.queuedNs >= plannedAtNs || t >= cap) break;
            t += s.numTokens - s.computed;
        }
        return Math.min(t, cap);
    }

    private Batch build(long nowNs, long plannedAtNs, boolean ahead, boolean decodes, boolean prefills, boolean admit) {
        batch.clear();
        int budget = settings.maxNumBatchedTokens();
        long heldBlocks = ahead ? freedBlocks : 0;
        boolean preempted = false;
        for (int i = 0; i < running.size() && budget > 0; i++) {
            Sequence s = running.get(i);
            if (!(s.decoding() ? decodes : prefills)) continue;
            int want = s.numTokens - s.computed;
            int n = Math.min(want, budget);
            if (n <= 0) continue;
            if (!settings.chunkedPrefill() && n < want) continue;
            boolean victimWasSelf = false;
            while (!kv.allocate(s, n, heldBlocks)) {
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
        if (!preempted && prefills && admit) {
            var reserve = settings.newTokenReserve();
            // tokens the KV cache can still take once the running requests' expected output is set aside
            double room = reserve == null ? 0 : (double) (kv.available() - heldBlocks) * kv.blockSize() - runningReserve(reserve);
            while (budget > 0 && canAdmit(plannedAtNs, ahead)) {
                Sequence s = waiting.peekFirst();
                if (reserve != null) {
                    double need = (s.numTokens - s.computed) + Math.min(s.targetOutputs - s.outputs, reserve.clipTokens());
                    if (need > room) break;
                    room -= need;
                }
                if (!s.prefixMatched) {
                    int cached = kv.matchPrefix(s);
                    s.computed = cached;
                    s.prefixMatched = true;
                    if (s.cachedPromptTokens < 0) s.cachedPromptTokens = cached;
                }
                int want = s.numTokens - s.computed;
                if (!settings.chunkedPrefill() && want > budget) break;
                int n = Math.min(want, budget);
                if (!kv.allocate(s, n, watermarkBlocks + heldBlocks)) {
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

    /** What the running requests are expected to still write: their remaining outputs (clipped) times the ratio. */
    private double runningReserve(frontier.simulate.cluster.NewTokenReserve reserve) {
        double t = 0;
        for (Sequence s : running) t += Math.min(s.targetOutputs - s.outputs, reserve.clipTokens());
        return t * tokenRatio;
    }

    private void preempt(Sequence s) {
        if (settings.newTokenReserve() != null) tokenRatio = settings.newTokenReserve().initRatio();
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
        var reserve = settings.newTokenReserve();
        if (reserve != null && batch.prefillCount == 0 && batch.decodeCount > 0) {
            tokenRatio = Math.max(tokenRatio - reserve.decay(), reserve.minRatio());
        }
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
        long available = kv.available();
        freedSeqs = 0;
        for (int r = 0; r < running.size(); r++) {
            Sequence s = running.get(r);
            if (s.finished()) {
                if (!s.handsOffToDecode()) kv.release(s);
                freedSeqs++;
                done.accept(s);
            } else {
                running.set(w++, s);
            }
        }
        while (running.size() > w) running.removeLast();
        freedBlocks = kv.available() - available;
    }

    /** Receives every inter-token gap, for the ITL distribution. */
    public interface TokenListener {
        void interTokenGap(long ns);
    }
}
