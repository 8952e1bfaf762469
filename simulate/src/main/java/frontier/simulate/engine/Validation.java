package frontier.simulate.engine;

import frontier.calibrate.UserInputException;
import frontier.calibrate.model.ModelConfig;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.DeploymentSpec;

/** Layout checks that catch impossible deployments before a single step is priced. */
final class Validation {
    private Validation() {}

    static void layout(DeploymentSpec spec, ModelConfig m, ClusterSpec c) {
        var l = c.layout();
        String where = spec.file() + ": cluster '" + c.name() + "': ";
        if (m.heads() % l.tp() != 0) {
            throw new UserInputException(where + "tp=" + l.tp() + " does not divide the model's " + m.heads()
                    + " attention heads; use a tp that divides " + m.heads());
        }
        if (m.kvHeads() > l.tp() && m.kvHeads() % l.tp() != 0) {
            throw new UserInputException(where + "tp=" + l.tp() + " does not divide the model's " + m.kvHeads() + " KV heads");
        }
        if (m.layers() < l.pp()) {
            throw new UserInputException(where + "pp=" + l.pp() + " exceeds the model's " + m.layers() + " layers");
        }
        if (l.ep() > 1) {
            if (!m.isMoe()) throw new UserInputException(where + "ep=" + l.ep() + " needs a mixture-of-experts model; " + m.name() + " is dense");
            if (m.moe().experts() % l.ep() != 0) {
                throw new UserInputException(where + "ep=" + l.ep() + " does not divide the model's " + m.moe().experts() + " experts");
            }
            if (l.ep() > l.tp() * l.dp()) {
                throw new UserInputException(where + "ep=" + l.ep() + " exceeds the instance's " + (l.tp() * l.dp()) + " GPUs (tp x dp)");
            }
        }
        var e = c.engine();
        if (e.maxNumBatchedTokens() < e.maxNumSeqs() && e.chunkedPrefill()) {
            throw new UserInputException(where + "max_num_batched_tokens (" + e.maxNumBatchedTokens()
                    + ") must be at least max_num_seqs (" + e.maxNumSeqs() + ")");
        }
    }
}
