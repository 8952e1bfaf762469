package frontier.simulate.event;

import frontier.simulate.workload.Request;

/**
 * Something that happens at a simulated instant. The component that handles an event schedules
 * what follows, so no event type refers to another.
 */
public sealed interface Event {

    /** A request reaches the deployment's router. */
    record Arrival(Request request) implements Event {}

    /** An instance's forward step finishes; its batch's tokens are sampled now. */
    record StepEnd(int cluster, int instance, long stepId) implements Event {}

    /** A KV cache (PD) or activation (AF) transfer over a link completes. */
    record TransferDone(int link, long transferId) implements Event {}

    /** A closed-loop client is ready to send its next request. */
    record ClientReady(int client) implements Event {}

    /**
     * A stage of an attention/FFN micro-batch pipeline finished (attention compute of a layer,
     * or an FFN result arriving back); {@code task} names it within the pipeline.
     */
    record AfStage(int instance, long task) implements Event {}
}
