package frontier.simulate.cost;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import frontier.calibrate.bundle.OperatorModel;
import frontier.calibrate.bundle.PredictionCache;
import frontier.calibrate.hardware.Dtype;

/**
 * An operator model bound to the kernel and category spelling a deployment needs, e.g. the
 * GEMM table's "fp8_block" rows of kernel "vllm_default". Kernel tables hold several kernels
 * (FlashInfer and FlashAttention for the same decode shape): one is chosen, never averaged.
 */
public record Binding(OperatorModel model, String kernel, String[] categories, boolean exact) {

    /** A format wanted under a particular table spelling ("fp8_block"), which wins over others of the same dtype. */
    public record Spelled(Dtype dtype, String name) {}

    /** What to ask a table for: the spelling when one is given, else the dtype. */
    public static Object wanted(Dtype dtype, String name) {
        return name == null ? dtype : new Spelled(dtype, name);
    }

    public PredictionCache cache() {
        return new PredictionCache(model, categories, kernel);
    }

    /**
     * Picks the kernel and category combination with the best match to the wanted values
     * (exact spelling beats the same numeric format), then the most training rows.
     *
     * @param wanted  per category: a format (Dtype, or Spelled to prefer one spelling of it) or an exact text (operator name)
     * @param kernel  "auto" or the kernel to use
     */
    public static Binding choose(OperatorModel model, List<Object> wanted, String kernel) {
        String bestKernel = null, bestCombo = null;
        int bestScore = -1, bestRows = -1;
        for (Map.Entry<String, Map<String, Integer>> k : model.kernelRows().entrySet()) {
            if (!"auto".equals(kernel) && kernel != null && !k.getKey().equalsIgnoreCase(kernel)) continue;
            for (Map.Entry<String, Integer> c : k.getValue().entrySet()) {
                String[] cats = c.getKey().split("\\|", -1);
                int score = score(cats, wanted);
                if (score < 0) continue;
                if (score > bestScore || (score == bestScore && c.getValue() > bestRows)) {
                    bestScore = score;
                    bestRows = c.getValue();
                    bestKernel = k.getKey();
                    bestCombo = c.getKey();
                }
            }
        }
        if (bestKernel == null) return null;
        return new Binding(model, bestKernel, bestCombo.split("\\|", -1), bestScore == 3 * wanted.size());
    }

    /**
     * 3 per exact match, 2 per same numeric format, 1 per the format a GPU falls back to when
     * the wanted one has no rows (4-bit weights run as weight-only int4 or in bf16, fp8 in bf16),
     * -1 when any category does not match.
     */
    static int score(String[] cats, List<Object> wanted) {
        if (cats.length != wanted.size()) return -1;
        int s = 0;
        for (int i = 0; i < cats.length; i++) {
            Object w = wanted.get(i);
            String c = cats[i].toLowerCase(Locale.ROOT);
            switch (w) {
                case Dtype d -> {
                    Dtype have = Dtype.parseOrNull(c);
                    if (c.equals(d.label())) s += 3;
                    else if (have == d) s += 2;
                    else if (have != null && d.fallbacks().contains(have)) s += 1;
                    else return -1;
                }
                case Spelled sp -> {
                    Dtype have = Dtype.parseOrNull(c);
                    if (c.equals(sp.name())) s += 3;
                    else if (have == sp.dtype()) s += 2;
                    else if (have != null && sp.dtype().fallbacks().contains(have)) s += 1;
                    else return -1;
                }
                case String text -> {
                    if (c.equals(text.toLowerCase(Locale.ROOT))) s += 3;
                    else return -1;
                }
                default -> throw new IllegalArgumentException("wanted category " + w);
            }
        }
        return s;
    }
}
