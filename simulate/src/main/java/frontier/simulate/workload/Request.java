package frontier.simulate.workload;

/**
 * One request as a workload describes it.
 *
 * @param id            position in the workload, from 0
 * @param arrivalNs     arrival time in simulated nanoseconds from the start of the run
 * @param inputTokens   prompt length
 * @param outputTokens  tokens to generate (the first one included)
 * @param prefixHashes  hash of each prompt block of {@code hashBlockTokens} tokens (equal hashes
 *                      mean a shared prefix, as in Mooncake traces); null when unknown
 * @param hashBlockTokens tokens per entry of {@code prefixHashes}
 * @param sourceId      the id the source used (a bench request id, a trace row number)
 */
public record Request(long id, long arrivalNs, int inputTokens, int outputTokens, long[] prefixHashes,
                      int hashBlockTokens, String sourceId) {

    public Request withArrival(long ns) {
        return new Request(id, ns, inputTokens, outputTokens, prefixHashes, hashBlockTokens, sourceId);
    }

    public Request withId(long newId) {
        return new Request(newId, arrivalNs, inputTokens, outputTokens, prefixHashes, hashBlockTokens, sourceId);
    }
}
