package frontier.simulate.engine;

import frontier.calibrate.UserInputException;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Role;

/** Checks that clusters and links form a deployment requests can flow through. */
final class Topology {
    private Topology() {}

    static void check(DeploymentSpec spec) {
        long colocated = count(spec, Role.COLOCATED), prefill = count(spec, Role.PREFILL), decode = count(spec, Role.DECODE);
        if (prefill > 0 || decode > 0) {
            if (prefill == 0 || decode == 0) {
                throw new UserInputException(spec.file() + ": a PD-disaggregated deployment needs both a prefill and a decode cluster");
            }
            if (colocated > 0) {
                throw new UserInputException(spec.file() + ": mix colocated clusters with prefill/decode clusters in separate deployments");
            }
            if (prefill > 1 || decode > 1) {
                throw new UserInputException(spec.file() + ": one prefill and one decode cluster per deployment (instances set their count)");
            }
            boolean linked = spec.links().stream().anyMatch(l -> role(spec, l.from()) == Role.PREFILL && role(spec, l.to()) == Role.DECODE);
            if (!linked) {
                throw new UserInputException(spec.file() + ": a PD deployment needs a link from the prefill cluster to the decode cluster "
                        + "(links: [{from: <prefill>, to: <decode>, bandwidth_gbps: ..., latency_us: ...}])");
            }
        }
    }

    private static long count(DeploymentSpec spec, Role r) {
        return spec.clusters().stream().filter(c -> c.role() == r).count();
    }

    private static Role role(DeploymentSpec spec, String name) {
        return spec.clusters().stream().filter(c -> c.name().equals(name)).map(c -> c.role()).findFirst().orElse(null);
    }
}
