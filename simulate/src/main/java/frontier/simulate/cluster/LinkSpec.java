package frontier.simulate.cluster;

/**
 * A network path between two clusters (KV transfer in PD, activations in AF). Concurrent
 * transfers share the bandwidth.
 *
 * @param bandwidth bytes per second per direction for the whole link
 * @param latencyNs fixed cost of starting a transfer
 * @param layerwise prefill → decode only: each layer's KV leaves as soon as that layer is computed,
 *                  so the transfer runs during the step that completes the prompt instead of after it
 * @param router    prefill → decode only: how a finished prefill picks the decode instance its KV goes to
 */
public record LinkSpec(String name, String from, String to, double bandwidth, long latencyNs, boolean layerwise, RouterPolicy router) {

    /** A link that moves whole KV caches after prefill, to the decode instance with the least outstanding work. */
    public LinkSpec(String name, String from, String to, double bandwidth, long latencyNs) {
        this(name, from, to, bandwidth, latencyNs, false, RouterPolicy.LEAST_OUTSTANDING_TOKENS);
    }
}
