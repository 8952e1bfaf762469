package frontier.calibrate.ingest;

import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;

/**
 * Head sizes for tables that record the hidden size and head counts but not the head size.
 * hidden/heads is right for most models but not all: Qwen3-30B-A3B has 32 heads of 128 over a
 * hidden size of 2048, and the Frontier profiler used the config's 128. So a known config whose
 * dimensions match the row decides; hidden/heads is the fallback.
 */
final class KnownHeadDims {
    private final List<ModelConfig> configs = new ArrayList<>();

    KnownHeadDims(ModelConfigs models) {
        for (String id : models.known()) {
            try {
                configs.add(models.load(id));
            } catch (RuntimeException e) {
                // a broken config elsewhere in the folder must not stop this table; it simply cannot match
            }
        }
    }

    /**
     * The head size of the architecture with these dimensions ({@code vocab} NaN when the table
     * does not record it); hidden/heads when no config matches or matching configs disagree.
     */
    double headDim(double hidden, double heads, double kvHeads, double vocab) {
        double found = Double.NaN;
        for (ModelConfig c : configs) {
            boolean match = c.hiddenSize() == hidden && c.heads() == heads && c.kvHeads() == kvHeads
                    && (Double.isNaN(vocab) || c.vocabSize() == vocab) && !c.isMla();
            if (!match) continue;
            if (!Double.isNaN(found) && found != c.headDim()) return hidden / heads;
            found = c.headDim();
        }
        return Double.isNaN(found) ? hidden / heads : found;
    }
}
