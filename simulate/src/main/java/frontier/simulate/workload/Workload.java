package frontier.simulate.workload;

/**
 * A workload ready to run: either an open stream of requests whose arrival times are fixed in
 * advance (a trace or a synthetic generator), or closed-loop clients whose requests the
 * simulator pulls as earlier ones complete.
 */
public sealed interface Workload extends AutoCloseable {

    /** One line for run summaries, e.g. "trace AzureLLMInferenceTrace_conv.csv.gz (...)". */
    String description();

    @Override
    void close();

    /** Requests with arrival times set in advance. */
    record Open(RequestSource source, String description) implements Workload {
        @Override public void close() { source.close(); }
    }

    /** Requests sent by clients when their previous one completes. */
    record ClosedLoop(ClosedLoopSpec spec, ClosedLoopSource source, String description) implements Workload {
        @Override public void close() {}
    }
}
