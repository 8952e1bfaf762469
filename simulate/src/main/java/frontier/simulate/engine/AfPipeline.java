package frontier.simulate.engine;

import java.util.List;

import frontier.simulate.cost.StepCostModel;
import frontier.simulate.event.Event;
import frontier.simulate.event.EventQueue;
import frontier.simulate.schedule.Batch;

/**
 * Attention/FFN disaggregation, event by event. An attention instance's step is split into m
 * micro-batches that ping-pong with the FFN cluster: per layer, a micro-batch's attention runs on
 * the attention GPU, its activations cross the attention instance's NIC to every FFN instance
 * hosting one of its tokens' experts (M-to-N), each FFN instance runs its part and sends it
 * back, and the next layer starts when all parts have returned. GPUs and NICs serve work first
 * come, first served, and FFN instances serve every attention instance, so bubbles, queueing and
 * backpressure come out of the schedule rather than being assumed.
 */
final class AfPipeline {
    /** Completion callback: the attention instance's step ended at this time after this duration. */
    interface StepDone {
        void done(Instance attention, long endNs, long durationNs, double hiddenShare);
    }

    private final EventQueue queue;
    private final List<Instance> attention;
    private final StepCostModel attnCost;
    private final StepCostModel ffnCost;
    private final int layers;
    private final int micro;
    private final int ffn;
    private final double[] share;
    private final int topK;
    private final double bytesPerToken;
    private final double nicBytesPerNs;
    private final long latencyNs;
    private final long[] attnGpuFree, attnNicFree, ffnGpuFree, ffnNicFree;
    private final State[] states;
    private final StepDone onDone;

    /** One attention instance's step in flight. */
    private static final class State {
        final Batch[] parts;
        final int[] layer;
        final int[] pending;
        /** Each micro-batch's attention time per layer: the same in every layer of a step. */
        final long[] layerNs;
        int finished;
        int active;
        long startNs;
        double attnBusyNs;
        double offloadNs;

        State(int micro) {
            parts = new Batch[micro];
            for (int i = 0; i < micro; i++) parts[i] = new Batch();
            layer = new int[micro];
            pending = new int[micro];
            layerNs = new long[micro];
        }
    }

    /**
     * @param share     each FFN instance's share of the token-expert pairs (experts spread evenly;
     *                  skewed routing makes some instances busier)
     * @param nicBytesPerSecond one instance's NIC bandwidth, one direction
     */
    AfPipeline(EventQueue queue, List<Instance> attention, StepCostModel attnCost, StepCostModel ffnCost, int layers,
               int micro, double[] share, int topK, double bytesPerToken, double nicBytesPerSecond, long latencyNs,
               StepDone onDone) {
        this.queue = queue;
        this.attention = attention;
        this.attnCost = attnCost;
        this.ffnCost = ffnCost;
        this.layers = layers;
        this.micro = micro;
        this.ffn = share.length;
        this.share = share;
        this.topK = Math.max(1, topK);
        this.bytesPerToken = bytesPerToken;
        this.nicBytesPerNs = nicBytesPerSecond / 1e9;
        this.latencyNs = latencyNs;
        this.attnGpuFree = new long[attention.size()];
        this.attnNicFree = new long[attention.size()];
        this.ffnGpuFree = new long[ffn];
        this.ffnNicFree = new long[ffn];
        this.states = new State[attention.size()];
        for (int i = 0; i < states.length; i++) states[i] = new State(micro);
        this.onDone = onDone;
    }

    private static long task(int part, int stage) {
        return ((long) part << 32) | stage;
    }

    void start(Instance inst, Batch batch, long now) {
        State s = states[inst.index];
        batch.splitInto(s.parts);
        s.startNs = now;
        s.finished = 0;
        s.active = 0;
        s.attnBusyNs = 0;
        s.offloadNs = 0;
        for (int j = 0; j < micro; j++) {
            s.layer[j] = 0;
            if (s.parts[j].isEmpty()) continue;
            s.active++;
            s.layerNs[j] = Math.round(attnCost.attentionLayerUs(s.parts[j]) * 1000);
            attend(inst.index, s, j, now);
        }
    }

    private void attend(int a, State s, int j, long now) {
        long dur = s.layerNs[j];
        long start = Math.max(now, attnGpuFree[a]);
        attnGpuFree[a] = start + dur;
        s.attnBusyNs += dur;
        queue.schedule(start + dur, new Event.AfStage(a, task(j, 0)));
    }

    void onStage(int a, long task, long now) {
        State s = states[a];
        int j = (int) (task >>> 32), stage = (int) task;
        if (stage == 0) {
            offload(a, s, j, now);
            return;
        }
        if (--s.pending[j] > 0) return;
        if (++s.layer[j] < layers) {
            attend(a, s, j, now);
            return;
        }
        if (++s.finished < s.active) return;
        Instance inst = attention.get(a);
        Batch whole = inst.batches[0];
        long extras = Math.round(attnCost.stepExtrasUs(whole) * 1000);
        long start = Math.max(now, attnGpuFree[a]);
        long end = start + extras;
        attnGpuFree[a] = end;
        long duration = end - s.startNs;
        double exposed = Math.max(0, duration - s.attnBusyNs - extras);
        double hidden = s.offloadNs <= 0 ? Double.NaN : Math.max(0, Math.min(1, 1 - exposed / s.offloadNs));
        onDone.done(inst, end, duration, hidden);
    }

    /** Sends a finished attention layer's activations to the FFN instances and schedules their return. */
    private void offload(int a, State s, int j, long now) {
        int tokens = s.parts[j].totalTokens;
        long nicStart = Math.max(now, attnNicFree[a]);
        int parts = 0;
        double slowest = 0;
        for (int f = 0; f < ffn; f++) {
            // a token crosses once to an FFN instance hosting any of its top-k experts
            double hit = 1 - Math.pow(1 - share[f], topK);
            int t = (int) Math.ceil(tokens * hit);
            if (t <= 0) continue;
            long wire = Math.round(t * bytesPerToken / nicBytesPerNs);
            long sent = nicStart + wire;
            nicStart = sent;
            long arrive = sent + latencyNs;
            long ffnDur = Math.round(ffnCost.ffnLayerUs(t) * 1000);
            long fStart = Math.max(arrive, ffnGpuFree[f]);
            ffnGpuFree[f] = fStart + ffnDur;
            long back = Math.max(fStart + ffnDur, ffnNicFree[f]) + wire;
            ffnNicFree[f] = back;
            long home = back + latencyNs;
            slowest = Math.max(slowest, home - now);
            queue.schedule(home, new Event.AfStage(a, task(j, 1 + f)));
            parts++;
        }
        attnNicFree[a] = nicStart;
        s.offloadNs += slowest;
        if (parts == 0) {
            s.pending[j] = 1;
            onStage(a, task(j, 1), now);
        } else {
            s.pending[j] = parts;
        }
    }
}
