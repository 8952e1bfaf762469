package frontier.simulate.workload;

/**
 * What a workload file describes, before anything is opened: a trace to replay, a synthetic
 * open-loop generator, or closed-loop clients. {@link Workloads#open(WorkloadSpec, Workloads.Options)}
 * turns it into a {@link Workload}.
 */
public sealed interface WorkloadSpec permits TraceSpec, SyntheticSpec, ClosedLoopSpec {
}
