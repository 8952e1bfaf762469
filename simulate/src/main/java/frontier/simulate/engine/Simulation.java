package frontier.simulate.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import frontier.calibrate.UserInputException;
import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.model.ModelConfig;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.LinkSpec;
import frontier.simulate.cluster.Role;
import frontier.simulate.cost.MemoryPlan;
import frontier.simulate.cost.MoeRouting;
import frontier.simulate.cost.OperatorSet;
import frontier.simulate.cost.StepCostModel;
import frontier.simulate.cost.StepPart;
import frontier.simulate.event.Event;
import frontier.simulate.event.EventQueue;
import frontier.simulate.metrics.RequestLog;
import frontier.simulate.metrics.ChromeTrace;
import frontier.simulate.metrics.StepLog;
import frontier.simulate.metrics.TransferLog;
import frontier.simulate.schedule.Batch;
import frontier.simulate.schedule.KvCache;
import frontier.simulate.schedule.Scheduler;
import frontier.simulate.schedule.Sequence;
import frontier.simulate.workload.ClosedLoopSource;
import frontier.simulate.workload.Request;
import frontier.simulate.workload.RequestSource;

/**
 * The discrete-event loop. Arrivals are pulled from the workload one at a time (never all in
 * memory) and merged with the event queue by time; each instance runs steps back to back while
 * it has work, and each step's end samples tokens and starts the next step. In a PD-disaggregated
 * deployment a request's prefill runs on a prefill instance, its KV cache then crosses a shared
 * link, and a decode instance admits it once the cache has arrived and blocks allow.
 */
public final class Simulation {

    /** Where a run writes; a null path means "do not write that file". */
    public record Options(Path requestsFile, Path stepsFile, Path transfersFile, double sloTtftMs, double sloTpotMs,
                          Path traceFile, long traceLimit) {
        public Options(Path requestsFile, Path stepsFile, Path transfersFile, double sloTtftMs, double sloTpotMs) {
            this(requestsFile, stepsFile, transfersFile, sloTtftMs, sloTpotMs, null, 0);
        }

        public Options(Path requestsFile, Path stepsFile, double sloTtftMs, double sloTpotMs) {
            this(requestsFile, stepsFile, null, sloTtftMs, sloTpotMs);
        }
    }

    /** Observes progress: completed requests and simulated time. */
    public interface Progress {
        void update(long completed, long simulatedNs);
    }

    private final DeploymentSpec spec;
    private final ModelConfig model;
    private final EventQueue queue = new EventQueue();
    private final List<Instance> all = new ArrayList<>();
    private final List<List<Instance>> byCluster = new ArrayList<>();
    /** Per cluster: the summed step time of its instances by {@link StepPart} (µs). */
    private final double[][] stepParts;
    private final Instance[] front;
    private final Router router;
    private final Router decodeRouter;
    private final OperatorSet ops;
    private final Map<String, MemoryPlan> memory = new LinkedHashMap<>();
    private final RequestLog requests;
    private final StepLog steps;
    /** Every colocated, prefill and decode step's length is multiplied by this (see {@link #scaleStepTime}). */
    private double stepTimeScale = 1;
    /** The run as a trace-event timeline, or null when none is written. */
    private final ChromeTrace trace;
    private final TransferLog transferLog;
    private final List<Link> links = new ArrayList<>();
    private final AfPipeline af;
    private final Link kvLink;
    private final int kvLayers;
    private final double kvBytesPerToken;
    /** Linear-attention layers' recurrent state, which moves with the KV cache in PD disaggregation. */
    private final double stateBytesPerRequest;
    private final int maxModelLen;
    /** vLLM's front end picks a data-parallel rank by request counts; other engines by outstanding tokens. */
    private final boolean ranksByRequestCounts;
    private final Scheduler.TokenListener itl;
    private long now;
    private long arrived;
    private long transferIds;
    private ClosedLoopSource clients;
    private final Map<Long, Integer> clientOf = new HashMap<>();

    public Simulation(DeploymentSpec spec, ModelConfig model, Bundle bundle, Options options) throws IOException {
        this.spec = spec;
        this.model = model;
        this.ops = new OperatorSet(bundle, spec.engine(), spec.engineVersion());
        var routing = model.isMoe() ? MoeRouting.parse(spec.moeRouting(), model.moe().experts(),
                spec.file() == null ? Path.of("") : spec.file().toAbsolutePath().getParent()) : null;
        Topology.check(spec);
        int maxLen = Integer.MAX_VALUE;
        List<Instance> first = new ArrayList<>(), decoders = new ArrayList<>();
        ClusterSpec ffnSpec = null;
        StepCostModel attnCost = null;
        for (int c = 0; c < spec.clusters().size(); c++) {
            ClusterSpec cs = normalize(spec.clusters().get(c), model);
            if (cs.role() == Role.FFN) {
                // FFN instances hold experts and run no scheduler: they serve the attention instances' layers
                ffnSpec = cs;
                memory.put(cs.name(), MemoryPlan.ffn(model, cs, spec.dtype(), bundle.hardware()));
                byCluster.add(List.of());
                continue;
            }
            Validation.layout(spec, model, cs);
            MemoryPlan plan = cs.role() == Role.ATTENTION
                    ? MemoryPlan.attention(model, cs, spec.dtype(), spec.kvCacheDtype(), bundle.hardware())
                    : MemoryPlan.of(model, cs, spec.dtype(), spec.kvCacheDtype(), bundle.hardware(), spec.engine());
            memory.put(cs.name(), plan);
            int len = cs.engine().maxModelLen() > 0 ? cs.engine().maxModelLen() : model.maxPositions();
            maxLen = Math.min(maxLen, len);
            // instances of a cluster are identical: they share one cost model and its caches
            var cost = new StepCostModel(model, cs, spec.dtype(), spec.gemmFormat(), spec.moeDtype(), spec.moeFormat(), spec.kvCacheDtype(), ops,
                    spec.attentionBackend(), routing);
            if (cs.role() == Role.ATTENTION) attnCost = cost;
            List<Instance> members = new ArrayList<>();
            for (int i = 0; i < cs.layout().instances(); i++) {
                Scheduler[] ranks = new Scheduler[cs.layout().dp()];
                for (int r = 0; r < ranks.length; r++) {
                    ranks[r] = new Scheduler(cs.engine(), new KvCache(plan.blocks(), cs.engine().blockSize(), cs.engine().prefixCaching()));
                }
                var inst = new Instance(c, i, cs, ranks, cost);
                inst.onFinished = seq -> done(inst, seq);
                all.add(inst);
                members.add(inst);
                if (cs.role() == Role.DECODE) decoders.add(inst);
                else first.add(inst);
            }
            byCluster.add(members);
        }
        this.stepParts = new double[byCluster.size()][StepPart.COUNT];
        this.maxModelLen = maxLen;
        this.ranksByRequestCounts = spec.engine().equals("vllm");
        this.front = first.toArray(Instance[]::new);
        this.router = new Router(spec.router(), front);
        for (LinkSpec l : spec.links()) links.add(new Link(links.size(), l));
        this.af = ffnSpec == null ? null : afPipeline(spec, model, ops, routing, ffnSpec, attnCost, first);
        this.kvLink = decoders.isEmpty() ? null : links.stream()
                .filter(l -> roleOf(l.spec.from()) == Role.PREFILL && roleOf(l.spec.to()) == Role.DECODE).findFirst().orElseThrow();
        this.decodeRouter = decoders.isEmpty() ? null : new Router(kvLink.spec.router(), decoders.toArray(Instance[]::new));
        this.kvBytesPerToken = model.kvLayers() * (double) model.kvElementsPerTokenPerLayer() * spec.kvCacheDtype().bytesPerElement();
        this.kvLayers = model.kvLayers();
        this.stateBytesPerRequest = model.linear() == null ? 0 : model.linearLayers() * model.linear().stateBytesPerLayer();
        this.requests = new RequestLog(options.requestsFile(), options.sloTtftMs(), options.sloTpotMs());
        this.steps = new StepLog(options.stepsFile());
        this.transferLog = new TransferLog(options.transfersFile());
        this.trace = options.traceFile() == null ? null : new ChromeTrace(options.traceFile(), options.traceLimit());
        if (trace != null) {
            requests.traceTo(trace);
            steps.traceTo(trace);
            transferLog.traceTo(trace);
        }
        this.itl = requests.itl::add;
    }

    private AfPipeline afPipeline(DeploymentSpec spec, ModelConfig model, OperatorSet ops, MoeRouting routing, ClusterSpec ffnSpec,
                                  StepCostModel attnCost, List<Instance> attention) {
        Layout fl = ffnSpec.layout();
        // the FFN cluster as one expert-parallel group: its instances together hold every expert
        var group = new ClusterSpec(ffnSpec.name(), Role.FFN,
                new Layout(1, fl.tp(), 1, 1, Math.max(1, fl.instances() * fl.ep())), ffnSpec.engine());
        var ffnCost = new StepCostModel(model, group, spec.dtype(), spec.gemmFormat(), spec.moeDtype(), spec.moeFormat(), spec.kvCacheDtype(), ops,
                spec.attentionBackend(), routing);
        int f = fl.instances();
        double[] share = new double[f];
        if (model.isMoe()) {
            double[] p = routing.shares(model.moe().experts());
            // experts are spread over FFN instances by popularity rank, so each gets hot and cold ones
            for (int e = 0; e < p.length; e++) share[e % f] += p[e];
        } else {
            java.util.Arrays.fill(share, 1.0 / f);
        }
        LinkSpec link = spec.links().stream().filter(l -> roleOf(l.from()) == Role.ATTENTION && roleOf(l.to()) == Role.FFN)
                .findFirst().orElseThrow();
        int micro = attention.getFirst().spec.engine().microBatches();
        return new AfPipeline(queue, attention, attnCost, ffnCost, model.layers(), micro, share,
                model.isMoe() ? model.moe().topK() : 1, 2.0 * model.hiddenSize(), link.bandwidth(), link.latencyNs(),
                this::afStepDone);
    }

    private void afStepDone(Instance inst, long endNs, long durationNs, double hidden) {
        try {
            steps.step(inst.spec.name(), inst.index, inst.steps, endNs - durationNs, durationNs, inst.batches, 1,
                    inst.usedBlocks(), inst.totalBlocks(), inst.running(), inst.waiting(), Double.NaN, hidden);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        queue.schedule(endNs, new Event.StepEnd(inst.cluster, inst.index, inst.steps++));
    }

    private Role roleOf(String cluster) {
        return spec.clusters().stream().filter(c -> c.name().equals(cluster)).map(ClusterSpec::role).findFirst().orElse(null);
    }

    /**
     * Data parallelism of a dense model is independent replicas, not a lockstep group; a MoE
     * model's data-parallel ranks share their experts (by expert or tensor parallelism) and step
     * together.
     */
    static ClusterSpec normalize(ClusterSpec c, ModelConfig model) {
        Layout l = c.layout();
        if (l.dp() > 1 && l.ep() == 1 && !model.isMoe()) {
            return new ClusterSpec(c.name(), c.role(), new Layout(l.instances() * l.dp(), l.tp(), l.pp(), 1, 1), c.engine());
        }
        return c;
    }

    public OperatorSet operators() { return ops; }
    public Map<String, MemoryPlan> memory() { return memory; }
    public RequestLog requests() { return requests; }
    public StepLog steps() { return steps; }

    /**
     * Scales every colocated, prefill and decode step by {@code factor} (AF pipelines are priced
     * apart): how far a result moves when the operator models are that much off measures how
     * much of a comparison with a measurement is the model and how much the run's own sensitivity.
     */
    public void scaleStepTime(double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("step-time scale must be positive, got " + factor);
        this.stepTimeScale = factor;
    }

    /** The trace timeline being written, or null. */
    public ChromeTrace trace() { return trace; }
    public long simulatedNs() { return now; }
    public long arrived() { return arrived; }

    public long preemptions() {
        long p = 0;
        for (Instance i : all) for (Scheduler s : i.ranks) p += s.preemptions();
        return p;
    }

    public long operatorLookups() {
        return all.stream().map(i -> i.cost).distinct().mapToLong(StepCostModel::lookups).sum();
    }

    public long fallbackLookups() {
        return all.stream().map(i -> i.cost).distinct().mapToLong(StepCostModel::fallbacks).sum();
    }

    public long unmodelledLookups() {
        return all.stream().map(i -> i.cost).distinct().mapToLong(StepCostModel::unmodelled).sum();
    }

    public double prefixHitRate() {
        long q = 0, h = 0;
        for (Instance i : all) {
            for (Scheduler s : i.ranks) {
                q += s.kv().queriedTokens();
                h += s.kv().hitTokens();
            }
        }
        return q == 0 ? Double.NaN : (double) h / q;
    }

    /**
     * Per cluster whose steps were priced whole (not the attention/FFN layers of an AF pipeline):
     * each {@link StepPart}'s share of its instances' summed step time.
     */
    public Map<String, double[]> stepTimeShares() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int c = 0; c < byCluster.size(); c++) {
            double[] share = shares(stepParts[c]);
            if (share != null) out.put(byCluster.get(c).getFirst().spec.name(), share);
        }
        return out;
    }

    /** Each {@link StepPart}'s share of all whole-priced clusters' summed step time together (zeros before any step). */
    public double[] stepTimeShare() {
        double[] sum = new double[StepPart.COUNT];
        for (double[] c : stepParts) for (int k = 0; k < sum.length; k++) sum[k] += c[k];
        double[] share = shares(sum);
        return share != null ? share : sum;
    }

    /** Each part over their total; null when nothing was timed. */
    private static double[] shares(double[] parts) {
        double total = 0;
        for (double v : parts) total += v;
        if (total <= 0) return null;
        double[] share = new double[parts.length];
        for (int k = 0; k < share.length; k++) share[k] = parts[k] / total;
        return share;
    }

    /** Per cluster: GPU-time share spent in steps. */
    public Map<String, Double> utilization() {
        Map<String, Double> u = new LinkedHashMap<>();
        for (List<Instance> members : byCluster) {
            if (members.isEmpty()) continue;
            double busy = steps.busyNs(members.getFirst().spec.name());
            u.put(members.getFirst().spec.name(), now == 0 ? 0 : busy / ((double) now * members.size()));
        }
        return u;
    }

    public List<Link> links() { return links; }

    /** Open loop: replays the source's arrivals. */
    public void run(RequestSource source, Progress progress) {
        Request next = source.next();
        long events = 0;
        while (true) {
            long tq = queue.peekTime();
            long ta = next == null ? Long.MAX_VALUE : next.arrivalNs();
            if (tq == Long.MAX_VALUE && ta == Long.MAX_VALUE) break;
            if (ta <= tq) {
                now = ta;
                arrive(next);
                next = source.next();
            } else {
                now = tq;
                handle(queue.poll());
            }
            if ((++events & 0xFFF) == 0) progress.update(requests.completedCount(), now);
        }
        progress.update(requests.completedCount(), now);
        finish();
    }

    /**
     * Closed loop: every client sends a request at time 0, and the next one when its previous one
     * completes. Warm-up requests run but are left out of the metrics.
     */
    public void run(ClosedLoopSource source, Progress progress) {
        this.clients = source;
        for (int c = 0; c < source.spec().clients(); c++) queue.schedule(0, new Event.ClientReady(c));
        long events = 0;
        while (!queue.isEmpty()) {
            now = queue.peekTime();
            handle(queue.poll());
            if ((++events & 0xFFF) == 0) progress.update(requests.completedCount(), now);
        }
        progress.update(requests.completedCount(), now);
        finish();
    }

    private void handle(Event e) {
        switch (e) {
            case Event.StepEnd end -> stepEnd(byCluster.get(end.cluster()).get(end.instance()));
            case Event.ClientReady ready -> {
                Request r = clients.nextFor(ready.client(), now);
                if (r != null) {
                    clientOf.put(r.id(), ready.client());
                    arrive(r);
                }
            }
            case Event.Arrival a -> arrive(a.request());
            case Event.TransferDone t -> transferDone(links.get(t.link()), t.transferId());
            case Event.AfStage stage -> af.onStage(stage.instance(), stage.task(), now);
        }
    }

    private void arrive(Request r) {
        arrived++;
        String why = unservable(r);
        if (why != null) {
            try {
                requests.refused(r, why);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            clientDone(r);
            return;
        }
        Instance inst = router.pick(r);
        boolean prefillOnly = inst.spec.role() == Role.PREFILL;
        admit(inst, new Sequence(r, prefillOnly));
    }

    private void admit(Instance inst, Sequence s) {
        inst.outstandingTokens += s.promptTokens + s.targetOutputs;
        enqueue(inst, s);
    }

    /** Queues a sequence whose work the instance already counts as outstanding on one of its ranks. */
    private void enqueue(Instance inst, Sequence s) {
        int rank = inst.pickRank(ranksByRequestCounts);
        long work = s.promptTokens + s.targetOutputs;
        inst.rankOutstanding[rank] += work;
        s.rank = rank;
        inst.ranks[rank].enqueue(s, now);
        if (!inst.busy) startStep(inst, false);
    }

    private String unservable(Request r) {
        if (r.inputTokens() <= 0) return "empty prompt";
        long total = (long) r.inputTokens() + Math.max(1, r.outputTokens());
        if (total > maxModelLen) return "prompt + output (" + total + " tokens) exceeds max_model_len " + maxModelLen;
        for (Instance i : all) {
            long capacity = (long) i.ranks[0].kv().totalBlocks() * i.ranks[0].kv().blockSize();
            long need = i.spec.role() == Role.PREFILL ? r.inputTokens() + 1 : total;
            if (need > capacity) {
                return "needs " + need + " tokens of KV cache, a " + i.spec.name() + " instance holds " + capacity;
            }
        }
        return null;
    }

    /**
     * Starts the instance's next step. {@code afterStep}: it follows a step that just ended, so an
     * engine that schedules ahead planned it when that step began; an engine with nothing planned
     * then (or an idle one woken by an arrival) plans now with everything it holds.
     */
    private void startStep(Instance inst, boolean afterStep) {
        boolean ahead = afterStep && inst.spec.engine().asyncScheduling();
        long plannedAt = ahead ? inst.stepStartNs : Long.MAX_VALUE;
        boolean admit = admitsPrompts(inst, plannedAt, ahead);
        boolean any = schedule(inst, plannedAt, ahead, admit);
        if (!any && ahead) any = schedule(inst, Long.MAX_VALUE, false, admitsPrompts(inst, Long.MAX_VALUE, false));
        if (!any) {
            inst.busy = false;
            return;
        }
        inst.busy = true;
        inst.stepStartNs = now;
        if (af != null && inst.spec.role() == Role.ATTENTION) {
            af.start(inst, inst.batches[0], now);
            return;
        }
        long dur = inst.cost.stepNs(inst.batches, inst.ranks.length);
        if (stepTimeScale != 1) dur = Math.round(dur * stepTimeScale);
        dur = Math.max(1, dur);
        if (kvLink != null && kvLink.spec.layerwise() && inst.spec.role() == Role.PREFILL) streamKv(inst, now + dur);
        double[] parts = inst.cost.lastParts(), into = stepParts[inst.cluster];
        for (int k = 0; k < parts.length; k++) into[k] += parts[k];
        try {
            steps.step(inst.spec.name(), inst.index, inst.steps, now, dur, inst.batches, inst.ranks.length, inst.usedBlocks(),
                    inst.totalBlocks(), inst.running(), inst.waiting(), inst.cost.lastMoeLoadRatio(), inst.cost.lastHiddenShare());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inst.busy = true;
        queue.schedule(now + dur, new Event.StepEnd(inst.cluster, inst.index, inst.steps++));
    }

    private boolean schedule(Instance inst, long plannedAtNs, boolean ahead, boolean admit) {
        boolean any = false;
        for (int r = 0; r < inst.ranks.length; r++) {
            inst.batches[r] = inst.ranks[r].schedule(now, plannedAtNs, ahead, admit);
            any |= !inst.batches[r].isEmpty();
        }
        return any;
    }

    /**
     * Whether this step may start new prompts. Always, unless the engine gates them as
     * TensorRT-LLM can: an instance without data-parallel attention may wait for a fuller batch
     * ({@link #fillsBatch}); one with data-parallel ranks may balance prompts across them
     * (attention_dp_config.enable_balance), deciding each iteration as TensorRT-LLM does: while
     * every rank is decoding, prompts wait until every rank has one, counting the steps they wait
     * and giving up at the timeout; with a prompt on every rank they may wait a few steps more to
     * gather others.
     */
    private boolean admitsPrompts(Instance inst, long plannedAtNs, boolean ahead) {
        if (inst.ranks.length == 1) return fillsBatch(inst, plannedAtNs);
        var balance = inst.spec.engine().dpBalance();
        if (balance == null) return true;
        boolean everyRankHasPrompt = true, everyRankDecodes = true;
        for (Scheduler s : inst.ranks) {
            everyRankHasPrompt &= s.canAdmit(plannedAtNs, ahead);
            everyRankDecodes &= s.hasDecodes();
        }
        if (everyRankHasPrompt) {
            inst.dpWaitSteps = 0;
            if (!everyRankDecodes) return true;
            if (inst.dpBatchingSteps < balance.batchingWaitIters()) {
                inst.dpBatchingSteps++;
                return false;
            }
            inst.dpBatchingSteps = 0;
            return true;
        }
        inst.dpWaitSteps++;
        if (inst.dpWaitSteps >= balance.timeoutIters() || !everyRankDecodes) {
            inst.dpWaitSteps = 0;
            return true;
        }
        return false;
    }

    /**
     * TensorRT-LLM's batch waiting (an instance without data-parallel attention): while decodes
     * run, waiting prompts start only once they and the decodes fill the configured share of the
     * token budget, or after they have been held the configured number of steps.
     */
    private boolean fillsBatch(Instance inst, long plannedAtNs) {
        var wait = inst.spec.engine().batchWait();
        if (wait == null) return true;
        Scheduler s = inst.ranks[0];
        int budget = inst.spec.engine().maxNumBatchedTokens();
        long prompts = s.waitingPromptTokens(plannedAtNs, budget);
        int decodes = s.decodeCount();
        if (prompts == 0 || decodes == 0) return true;
        if (inst.batchWaitSteps >= wait.timeoutIters() || prompts + decodes >= wait.maxTokensRatio() * budget) {
            inst.batchWaitSteps = 0;
            return true;
        }
        inst.batchWaitSteps++;
        return false;
    }

    private void stepEnd(Instance inst) {
        for (Scheduler s : inst.ranks) s.complete(now, inst.onFinished, itl);
        startStep(inst, true);
    }

    private void done(Instance inst, Sequence s) {
        long work = s.promptTokens + s.targetOutputs;
        inst.outstandingTokens -= work;
        inst.rankOutstanding[s.rank] -= work;
        if (!s.complete()) {
            if (!s.kvStreaming) sendKv(inst, s, now);
            return;
        }
        try {
            if (clients == null || !clients.spec().isWarmup(s.request.id())) {
                requests.completed(s, inst.spec.name(), inst.index, now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clientDone(s.request);
    }

    /**
     * Layer-wise KV streaming: the prompts this step completes start sending their KV as the step
     * starts, each layer's share as soon as that layer is computed. The transfer shares the link
     * from now on and cannot finish before the step ends and its last layer's share has crossed.
     */
    private void streamKv(Instance inst, long stepEndNs) {
        for (Batch b : inst.batches) {
            for (int i = 0; i < b.size(); i++) {
                Sequence s = b.get(i);
                if (s.promptCompletesThisStep() && s.handsOffToDecode()) {
                    s.kvStreaming = true;
                    sendKv(inst, s, stepEndNs);
                }
            }
        }
    }

    /**
     * A prefill's KV cache crosses the link to the decode instance the link's router picks. The
     * decode instance counts the request as outstanding from the pick on, so that transfers in
     * flight steer the next picks. {@code computedByNs}: when the last of the cache is computed
     * (now, unless it streams layer by layer during a step still running).
     */
    private void sendKv(Instance from, Sequence s, long computedByNs) {
        Instance to = decodeRouter.pick(s.request);
        to.outstandingTokens += s.promptTokens + s.targetOutputs;
        double bytes = s.promptTokens * kvBytesPerToken + stateBytesPerRequest;
        long start = now;
        long ready = computedByNs + kvLink.spec.latencyNs();
        if (computedByNs > now) ready += (long) Math.ceil(bytes / Math.max(1, kvLayers) / kvLink.spec.bandwidth() * 1e9);
        var t = new Link.Transfer(transferIds++, "kv", s.request.id(), bytes, start, ready, () -> {
            try {
                transferLog.transfer("kv", s.request.id(), bytes, kvLink.spec.name(), start, now);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            enqueue(to, Sequence.decodeAfterTransfer(s));
            // the prefill instance held the cache while it was read; its blocks are free from now on
            from.ranks[s.rank].kv().release(s);
            if (!from.busy) startStep(from, false);
        });
        kvLink.start(now, t);
        rescheduleLink(kvLink);
    }

    private void rescheduleLink(Link link) {
        link.version++;
        long at = link.nextCompletionNs();
        if (at >= 0) queue.schedule(Math.max(at, now), new Event.TransferDone(link.id, link.version));
    }

    private void transferDone(Link link, long version) {
        if (version != link.version) return; // superseded by a later start or finish
        for (Link.Transfer t : link.finish(now)) t.onDone.run();
        rescheduleLink(link);
    }

    private void clientDone(Request r) {
        if (clients == null) return;
        Integer c = clientOf.remove(r.id());
        if (c != null) queue.schedule(now, new Event.ClientReady(c));
    }

    private void finish() {
        try {
            requests.close();
            steps.close();
            transferLog.close();
            if (trace != null) trace.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
