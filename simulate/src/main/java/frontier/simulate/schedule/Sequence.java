package frontier.simulate.schedule;

import frontier.simulate.workload.Request;

/**
 * A request's progress inside one engine instance, following vLLM v1's accounting:
 * {@code numTokens} tokens are known (prompt plus outputs sampled so far), {@code computed} of
 * them have KV in the cache. A step schedules {@code numTokens - computed} tokens (or a chunk of
 * them); when all known tokens are computed, the step samples one more output token.
 */
public final class Sequence {
    public final Request request;
    public final int promptTokens;
    public final int targetOutputs;
    int numTokens;
    int computed;
    int outputs;
    /** KV blocks owned privately (not shared through the prefix cache). */
    int privateBlocks;
    /** Prefix-cache entries this sequence holds a reference on, and the tokens they cover. */
    long[] pinned = EMPTY;
    int pinnedCount;
    int pinnedTokens;
    boolean published;
    int cachedPromptTokens = -1;
    /** Whether the prefix cache was consulted since the sequence last lost its KV. */
    boolean prefixMatched;
    int preemptions;
    int scheduledTokens;
    /** When the sequence reached its scheduler's waiting queue. */
    long queuedNs = Long.MIN_VALUE;
    /** When a scheduling pass first took the request in (vLLM's queue time: the engine reads new requests between steps). */
    public long seenNs = -1;
    /** The data-parallel rank of its instance the sequence runs on. */
    public int rank;
    public long firstScheduledNs = -1;
    public long firstTokenNs = -1;
    public long lastTokenNs = -1;
    /** Largest gap between two output tokens, for the ITL tail. */
    public long maxGapNs;

    private static final long[] EMPTY = new long[0];

    /** PD: the KV cache already streams to decode layer by layer, so the finished prefill sends nothing more. */
    public boolean kvStreaming;

    /** Prefill-only sequences (PD disaggregation) finish once their first token is sampled. */
    private final boolean prefillOnly;

    public Sequence(Request request) {
        this(request, false);
    }

    public Sequence(Request request, boolean prefillOnly) {
        this.request = request;
        this.promptTokens = request.inputTokens();
        this.targetOutputs = Math.max(1, request.outputTokens());
        this.numTokens = promptTokens;
        this.prefillOnly = prefillOnly;
    }

    /**
     * The decode side of a disaggregated request: its prompt's KV arrived from the prefill
     * instance and its first token was sampled there, so it continues with decodes. The client
     * streams from the decode instance (vLLM's proxy, SGLang's and Dynamo's routers all forward
     * the decode server's stream), so that token reaches it with the decode instance's first
     * step, and only then is the first token stamped.
     */
    public static Sequence decodeAfterTransfer(Sequence prefilled) {
        var s = new Sequence(prefilled.request, false);
        s.computed = prefilled.promptTokens;
        s.prefixMatched = true;
        s.outputs = prefilled.outputs;
        s.numTokens = prefilled.promptTokens + prefilled.outputs;
        s.cachedPromptTokens = prefilled.cachedPromptTokens;
        s.preemptions = prefilled.preemptions;
        s.seenNs = prefilled.seenNs;
        s.firstScheduledNs = prefilled.firstScheduledNs;
        return s;
    }

    /** Whether the step this sequence is scheduled in computes the rest of its prompt (and samples its first token). */
    public boolean promptCompletesThisStep() {
        return outputs == 0 && computed + scheduledTokens >= numTokens;
    }

    /** Whether the next step would compute just the last sampled token (a decode), not part of a prompt. */
    boolean decoding() {
        return outputs > 0 && computed == numTokens - 1;
    }

    public int outputs() { return outputs; }
    public int preemptions() { return preemptions; }
    /** Prompt tokens served from the prefix cache at first admission. */
    public int cachedPromptTokens() { return Math.max(0, cachedPromptTokens); }
    public int computed() { return computed; }
    public int numTokens() { return numTokens; }
    public boolean finished() { return outputs >= targetOutputs || (prefillOnly && outputs >= 1); }

    /**
     * A prefill-only sequence with tokens left to decode: its KV cache goes to a decode instance, and
     * it keeps its blocks after finishing until the transfer is done (vLLM's connector delays freeing
     * them, SGLang's and TensorRT-LLM's prefill servers hold them while sending); the simulation
     * releases them then.
     */
    public boolean handsOffToDecode() { return prefillOnly && targetOutputs > 1; }

    /** True when every output is produced: a prefill-only sequence is done but not complete. */
    public boolean complete() { return outputs >= targetOutputs; }
}
