package frontier.simulate.engine;

import frontier.calibrate.UserInputException;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Role;

/** Checks that clusters and links form a deployment requests can flow through. */
final class Topology {
    private Topology() {}

    static void check(DeploymentSpec spec) {
        long colocated = count(spec, Role.COLOCATED), prefill = count(spec, Role.PREFILL), decode = count(spec, Role.DECODE);
        long attention = count(spec, Role.ATTENTION), ffn = count(spec, Role.FFN);
        if (attention > 0 || ffn > 0) {
            if (attention != 1 || ffn != 1 || colocated + prefill + decode > 0) {
                throw new UserInputException(spec.file() + ": an attention/FFN-disaggregated deployment has exactly one attention "
                        + "cluster and one ffn cluster, and no other clusters");
            }
            boolean linked = spec.links().stream().anyMatch(l -> role(spec, l.from()) == Role.ATTENTION && role(spec, l.to()) == Role.FFN);
            if (!linked) {
                throw new UserInputException(spec.file() + ": an AF deployment needs a link from the attention cluster to the ffn "
                        + "cluster (its bandwidth is each instance's NIC bandwidth)");
            }
            var attn = spec.clusters().stream().filter(c -> c.role() == Role.ATTENTION).findFirst().orElseThrow();
            if (attn.layout().dp() > 1) {
                throw new UserInputException(spec.file() + ": cluster '" + attn.name() + "': in AF deployments give attention "
                        + "data parallelism as more instances (dp must be 1)");
            }
        }
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
