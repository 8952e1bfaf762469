package frontier.simulate.engine;

import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cost.StepCostModel;
import frontier.simulate.schedule.Scheduler;

/** One engine instance: its scheduler, its step pricing, and whether a step is in flight. */
final class Instance {
    final int cluster;
    final int index;
    final ClusterSpec spec;
    final Scheduler scheduler;
    final StepCostModel cost;
    boolean busy;
    long steps;
    /** Tokens of requests routed here and not yet finished: what least-outstanding routing compares. */
    long outstandingTokens;
    /** Receives this instance's finished sequences; made once, not per step. */
    java.util.function.Consumer<frontier.simulate.schedule.Sequence> onFinished;

    Instance(int cluster, int index, ClusterSpec spec, Scheduler scheduler, StepCostModel cost) {
        this.cluster = cluster;
        this.index = index;
        this.spec = spec;
        this.scheduler = scheduler;
        this.cost = cost;
    }
}
