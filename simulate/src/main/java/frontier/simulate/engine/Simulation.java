package frontier.simulate.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import frontier.calibrate.UserInputException;
import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.model.ModelConfig;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Role;
import frontier.simulate.cost.MemoryPlan;
import frontier.simulate.cost.OperatorSet;
import frontier.simulate.cost.StepCostModel;
import frontier.simulate.event.Event;
import frontier.simulate.event.EventQueue;
import frontier.simulate.metrics.RequestLog;
import frontier.simulate.metrics.StepLog;
import frontier.simulate.schedule.KvCache;
import frontier.simulate.schedule.Scheduler;
import frontier.simulate.schedule.Sequence;
import frontier.simulate.workload.ClosedLoopSource;
import frontier.simulate.workload.Request;
import frontier.simulate.workload.RequestSource;

/**
 * The discrete-event loop. Arrivals are pulled from the workload one at a time (never all in
 * memory) and merged with the event queue by time; each instance runs steps back to back while
 * it has work, and each step's end samples tokens and starts the next step.
 */
public final class Simulation {

    /** What a run needs besides the deployment. */
    public record Options(Path requestsFile, Path stepsFile, double sloTtftMs, double sloTpotMs) {}

    /** Observes progress: completed requests and simulated time. */
    public interface Progress {
        void update(long completed, long simulatedNs);
    }

    private final DeploymentSpec spec;
    private final ModelConfig model;
    private final EventQueue queue = new EventQueue();
    private final List<Instance> all = new ArrayList<>();
    private final Instance[] front;
    private final Router router;
    private final OperatorSet ops;
    private final Map<String, MemoryPlan> memory = new HashMap<>();
    private final RequestLog requests;
    private final StepLog steps;
    private final int maxModelLen;
    private final Scheduler.TokenListener itl;
    private long now;
    private long arrived;
    private long preemptionsBefore;
    private ClosedLoopSource clients;
    private final Map<Long, Integer> clientOf = new HashMap<>();

    public Simulation(DeploymentSpec spec, ModelConfig model, Bundle bundle, Options options) throws IOException {
        this.spec = spec;
        this.model = model;
        this.ops = new OperatorSet(bundle, spec.engine(), spec.engineVersion());
        List<Instance> first = new ArrayList<>();
        int maxLen = Integer.MAX_VALUE;
        for (int c = 0; c < spec.clusters().size(); c++) {
            ClusterSpec cs = spec.clusters().get(c);
            if (cs.role() != Role.COLOCATED) {
                throw new UserInputException(spec.file() + ": cluster '" + cs.name() + "' has role " + cs.role().label()
                        + "; this deployment runner serves colocated clusters");
            }
            Validation.layout(spec, model, cs);
            MemoryPlan plan = MemoryPlan.of(model, cs, spec.dtype(), spec.kvCacheDtype(), bundle.hardware());
            memory.put(cs.name(), plan);
            int len = cs.engine().maxModelLen() > 0 ? cs.engine().maxModelLen() : model.maxPositions();
            maxLen = Math.min(maxLen, len);
            StepCostModel cost = new StepCostModel(model, cs, spec.dtype(), spec.kvCacheDtype(), ops, spec.attentionBackend());
            for (int i = 0; i < cs.layout().instances(); i++) {
                var kv = new KvCache(plan.blocks(), cs.engine().blockSize(), cs.engine().prefixCaching());
                // instances of a cluster are identical: they share one cost model and its caches
                var inst = new Instance(c, i, cs, new Scheduler(cs.engine(), kv), cost);
                inst.onFinished = seq -> done(inst, seq);
                all.add(inst);
                first.add(inst);
            }
        }
        this.maxModelLen = maxLen;
        this.front = first.toArray(Instance[]::new);
        this.router = new Router(spec.router(), front);
        this.requests = new RequestLog(options.requestsFile(), options.sloTtftMs(), options.sloTpotMs());
        this.steps = new StepLog(options.stepsFile());
        this.itl = requests.itl::add;
    }

    public OperatorSet operators() { return ops; }
    public Map<String, MemoryPlan> memory() { return memory; }
    public RequestLog requests() { return requests; }
    public StepLog steps() { return steps; }
    public long simulatedNs() { return now; }
    public List<String> instanceNames() {
        return all.stream().map(i -> i.spec.name() + "/" + i.index).toList();
    }

    public long preemptions() {
        return all.stream().mapToLong(i -> i.scheduler.preemptions()).sum();
    }

    public long operatorLookups() {
        return all.stream().map(i -> i.cost).distinct().mapToLong(StepCostModel::lookups).sum();
    }

    public long fallbackLookups() {
        return all.stream().map(i -> i.cost).distinct().mapToLong(StepCostModel::fallbacks).sum();
    }

    public double prefixHitRate() {
        long q = all.stream().mapToLong(i -> i.scheduler.kv().queriedTokens()).sum();
        long h = all.stream().mapToLong(i -> i.scheduler.kv().hitTokens()).sum();
        return q == 0 ? Double.NaN : (double) h / q;
    }

    public long arrived() { return arrived; }

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
            case Event.StepEnd end -> stepEnd(all.get(indexOf(end.cluster(), end.instance())));
            case Event.ClientReady ready -> {
                Request r = clients.nextFor(ready.client(), now);
                if (r != null) {
                    clientOf.put(r.id(), ready.client());
                    arrive(r);
                }
            }
            case Event.Arrival a -> arrive(a.request());
            case Event.TransferDone t -> throw new IllegalStateException("no transfers in a colocated deployment");
        }
    }

    private int indexOf(int cluster, int instance) {
        int base = 0;
        for (int c = 0; c < cluster; c++) base += spec.clusters().get(c).layout().instances();
        return base + instance;
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
        inst.outstandingTokens += r.inputTokens() + r.outputTokens();
        inst.scheduler.enqueue(new Sequence(r));
        if (!inst.busy) startStep(inst);
    }

    private String unservable(Request r) {
        if (r.inputTokens() <= 0) return "empty prompt";
        long total = (long) r.inputTokens() + Math.max(1, r.outputTokens());
        if (total > maxModelLen) return "prompt + output (" + total + " tokens) exceeds max_model_len " + maxModelLen;
        for (Instance i : front) {
            long capacity = (long) i.scheduler.kv().totalBlocks() * i.scheduler.kv().blockSize();
            if (total > capacity) return "needs " + total + " tokens of KV cache, an instance holds " + capacity;
        }
        return null;
    }

    private void startStep(Instance inst) {
        var batch = inst.scheduler.schedule(now);
        if (batch.isEmpty()) {
            inst.busy = false;
            return;
        }
        long dur = Math.max(1, inst.cost.stepNs(batch));
        try {
            steps.step(inst.spec.name(), inst.index, inst.steps, now, dur, batch, inst.scheduler.kv().usedBlocks(),
                    inst.scheduler.kv().totalBlocks(), inst.scheduler.runningCount(), inst.scheduler.waitingCount());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inst.busy = true;
        queue.schedule(now + dur, new Event.StepEnd(inst.cluster, inst.index, inst.steps++));
    }

    private void stepEnd(Instance inst) {
        inst.scheduler.complete(now, inst.onFinished, itl);
        startStep(inst);
    }

    private void done(Instance inst, Sequence s) {
        inst.outstandingTokens -= s.promptTokens + s.targetOutputs;
        try {
            if (clients == null || !clients.spec().isWarmup(s.request.id())) {
                requests.completed(s, inst.spec.name(), inst.index, now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clientDone(s.request);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
