package frontier.simulate.engine;

import java.util.function.Consumer;

import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cost.StepCostModel;
import frontier.simulate.schedule.Batch;
import frontier.simulate.schedule.Scheduler;
import frontier.simulate.schedule.Sequence;

/**
 * One engine instance: its schedulers (one per data-parallel attention rank; the ranks step in
 * lockstep because their MoE layers exchange tokens), its step pricing, and whether a step is in
 * flight.
 */
final class Instance {
    final int cluster;
    final int index;
    final ClusterSpec spec;
    final Scheduler[] ranks;
    final Batch[] batches;
    final long[] rankOutstanding;
    final StepCostModel cost;
    boolean busy;
    long steps;
    /** When the step in flight (or the last one) started. */
    long stepStartNs;
    /** Tokens of requests routed here and not yet finished: what least-outstanding routing compares. */
    long outstandingTokens;
    /** Steps prompts were held for want of prompts on every data-parallel rank, and steps held to gather more. */
    int dpWaitSteps, dpBatchingSteps;
    /** Steps prompts were held waiting for a fuller batch (batch waiting). */
    int batchWaitSteps;
    /** Receives this instance's finished sequences; made once, not per step. */
    Consumer<Sequence> onFinished;

    Instance(int cluster, int index, ClusterSpec spec, Scheduler[] ranks, StepCostModel cost) {
        this.cluster = cluster;
        this.index = index;
        this.spec = spec;
        this.ranks = ranks;
        this.batches = new Batch[ranks.length];
        this.rankOutstanding = new long[ranks.length];
        this.cost = cost;
    }

    /**
     * The data-parallel rank a new request goes to. vLLM's front end scores each rank by the
     * requests it holds, four times waiting plus running (it cannot know output lengths); other
     * engines go to the rank with the least outstanding tokens.
     */
    int pickRank(boolean byRequestCounts) {
        int best = 0;
        if (byRequestCounts) {
            long bestScore = Long.MAX_VALUE;
            for (int r = 0; r < ranks.length; r++) {
                long score = 4L * ranks[r].waitingCount() + ranks[r].runningCount();
                if (score < bestScore) {
                    bestScore = score;
                    best = r;
                }
            }
            return best;
        }
        for (int r = 1; r < ranks.length; r++) if (rankOutstanding[r] < rankOutstanding[best]) best = r;
        return best;
    }

    long usedBlocks() {
        long u = 0;
        for (Scheduler s : ranks) u += s.kv().usedBlocks();
        return u;
    }

    long totalBlocks() {
        long t = 0;
        for (Scheduler s : ranks) t += s.kv().totalBlocks();
        return t;
    }

    int running() {
        int n = 0;
        for (Scheduler s : ranks) n += s.runningCount();
        return n;
    }

    int waiting() {
        int n = 0;
        for (Scheduler s : ranks) n += s.waitingCount();
        return n;
    }
}
