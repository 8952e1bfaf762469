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
        record Rows(String kernel, String[] categories, int rows) {}
        List<Rows> candidates = new java.util.ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> k : model.kernelRows().entrySet()) {
            if (!"auto".equals(kernel) && kernel != null && !k.getKey().equalsIgnoreCase(kernel)) continue;
            for (Map.Entry<String, Integer> c : k.getValue().entrySet()) {
                candidates.add(new Rows(k.getKey(), c.getKey().split("\\|", -1), c.getValue()));
            }
        }
        Rows b = best(candidates, Rows::categories, Rows::rows, wanted);
        if (b == null) return null;
        return new Binding(model, b.kernel(), b.categories(), score(b.categories(), wanted) == EXACT * wanted.size());
    }

    /**
     * Of the candidates whose categories match the wanted values, the best match (see
     * {@link #score}), then the one with the most training rows; the first of equals. Null when
     * none matches.
     */
    public static <T> T best(Iterable<T> candidates, java.util.function.Function<T, String[]> categories,
                             java.util.function.ToIntFunction<T> rows, List<Object> wanted) {
        T best = null;
        int bestScore = -1, bestRows = -1;
        for (T c : candidates) {
            int score = score(categories.apply(c), wanted);
            if (score < 0) continue;
            int n = rows.applyAsInt(c);
            if (score > bestScore || (score == bestScore && n > bestRows)) {
                best = c;
                bestScore = score;
                bestRows = n;
            }
        }
        return best;
    }

    static final int EXACT = 100, SAME = 50, FALLBACK = 40;

    /**
     * Per category: {@link #EXACT} for the wanted spelling; {@link #SAME} for the same numeric
     * format, or a table name that ends in the wanted variant or format ("w4a16_mxfp4" for mxfp4 or
     * fp4); for a
     * format the GPU falls back to when the wanted one has no rows, {@link #FALLBACK} less its
     * rank in {@link Dtype#fallbacks} (4-bit weights run weight-only before they run in fp8 or
     * bf16); -1 when any category does not match.
     */
    public static int score(String[] cats, List<Object> wanted) {
        if (cats.length != wanted.size()) return -1;
        int s = 0;
        for (int i = 0; i < cats.length; i++) {
            Object w = wanted.get(i);
            String c = cats[i].toLowerCase(Locale.ROOT);
            switch (w) {
                case Dtype d -> {
                    int f = formatScore(c, d, d.label());
                    if (f < 0) return -1;
                    s += f;
                }
                case Spelled sp -> {
                    int f = formatScore(c, sp.dtype(), sp.name());
                    if (f < 0) return -1;
                    s += f;
                }
                case String text -> {
                    if (c.equals(text.toLowerCase(Locale.ROOT))) s += EXACT;
                    else return -1;
                }
                default -> throw new IllegalArgumentException("wanted category " + w);
            }
        }
        return s;
    }

    private static int formatScore(String have, Dtype dtype, String name) {
        if (have.equals(name)) return EXACT;
        Dtype parsed = Dtype.parseOrNull(have);
        // "w4a16_mxfp4": 4-bit float weights run weight-only, the nearest thing to the wanted fp4 or mxfp4
        if (parsed == dtype || have.endsWith("_" + name) || have.endsWith(dtype.label())) return SAME;
        int rank = parsed == null ? -1 : dtype.fallbacks().indexOf(parsed);
        return rank < 0 ? -1 : FALLBACK - rank;
    }
}
