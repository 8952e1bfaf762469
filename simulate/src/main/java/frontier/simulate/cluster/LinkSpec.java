package frontier.simulate.cluster;

/**
 * A network path between two clusters (KV transfer in PD, activations in AF). Concurrent
 * transfers share the bandwidth.
 *
 * @param bandwidth bytes per second per direction for the whole link
 * @param latencyNs fixed cost of starting a transfer
 */
public record LinkSpec(String name, String from, String to, double bandwidth, long latencyNs) {}
