package frontier.simulate.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import frontier.calibrate.fit.ErrorStats;

/**
 * How one deployment's TTFT error moves with load. The rows of one deployment (system, backend and
 * release, model, precision, ISL/OSL, layout) measured at three or more concurrencies give a gap,
 * measured minus simulated TTFT in ms, fitted by least squares as a + b x concurrency. The shape of
 * that line says where the missing time is: a gap that stays put while the load changes many-fold
 * is a cost per request or per run the simulator does not price (the serving front end, a
 * benchmark's first requests meeting cold kernels, prompt steps bound by the host launching their
 * kernels); a gap that grows with the load is step time priced wrong or queueing the replay does
 * not reproduce.
 *
 * @param key         system, backend, release, model, precision, ISL/OSL and layout
 * @param rows        simulated rows of the deployment
 * @param concurrency the lowest and the highest concurrency among them
 * @param gapAtLowMs  mean gap at the lowest concurrency (ms)
 * @param gapAtHighMs mean gap at the highest concurrency (ms)
 * @param slopeMs     fitted change of the gap per client (ms)
 * @param zeroLoadMs  the fitted line at no load: the part of the gap that does not come from load (ms)
 * @param medianGapMs median gap over the rows (ms)
 */
public record TtftGap(List<String> key, int rows, int[] concurrency, double gapAtLowMs, double gapAtHighMs, double slopeMs,
                      double zeroLoadMs, double medianGapMs) {

    public enum Trend {
        /** The fitted line moves by at most half the median gap across the concurrencies measured. */
        FLAT("flat"),
        /** The gap widens with the load. */
        GROWS("grows with load"),
        /** The gap narrows (or changes sign) with the load. */
        SHRINKS("shrinks with load");

        private final String label;

        Trend(String label) {
            this.label = label;
        }

        public String label() { return label; }
    }

    /** Fewer distinct loads than this do not show a trend. */
    static final int MIN_CONCURRENCIES = 3;

    public Trend trend() {
        double moved = slopeMs * (concurrency[1] - concurrency[0]);
        if (Math.abs(moved) <= 0.5 * Math.abs(medianGapMs)) return Trend.FLAT;
        return Math.signum(moved) == Math.signum(medianGapMs) ? Trend.GROWS : Trend.SHRINKS;
    }

    /** Every deployment with simulated rows at {@link #MIN_CONCURRENCIES} or more concurrencies, in key order. */
    public static List<TtftGap> of(List<SiliconCase> cases) {
        Map<List<String>, List<SiliconCase.Simulated>> byDeployment = new LinkedHashMap<>();
        for (SiliconCase c : cases) {
            if (!(c instanceof SiliconCase.Simulated s) || !Double.isFinite(s.ttftMs()) || !Double.isFinite(c.row().ttftMs())) continue;
            byDeployment.computeIfAbsent(key(c.row()), k -> new ArrayList<>()).add(s);
        }
        List<TtftGap> out = new ArrayList<>();
        for (var e : byDeployment.entrySet()) {
            var members = e.getValue();
            if (members.stream().mapToInt(s -> s.row().concurrency()).distinct().count() < MIN_CONCURRENCIES) continue;
            out.add(fit(e.getKey(), members));
        }
        out.sort(Comparator.comparing(g -> String.join("\u0000", g.key())));
        return out;
    }

    private static TtftGap fit(List<String> key, List<SiliconCase.Simulated> members) {
        int n = members.size();
        double[] c = new double[n], gap = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = members.get(i).row().concurrency();
            gap[i] = members.get(i).row().ttftMs() - members.get(i).ttftMs();
        }
        double mc = Arrays.stream(c).average().orElse(0), mg = Arrays.stream(gap).average().orElse(0);
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (c[i] - mc) * (gap[i] - mg);
            sxx += (c[i] - mc) * (c[i] - mc);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        int low = (int) Arrays.stream(c).min().orElse(0), high = (int) Arrays.stream(c).max().orElse(0);
        double median = ErrorStats.percentile(Arrays.stream(gap).sorted().toArray(), 50);
        return new TtftGap(key, n, new int[] {low, high}, meanAt(c, gap, low), meanAt(c, gap, high), slope, mg - slope * mc, median);
    }

    private static double meanAt(double[] c, double[] gap, int concurrency) {
        double sum = 0;
        int k = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] == concurrency) {
                sum += gap[i];
                k++;
            }
        }
        return sum / k;
    }

    /** The deployment a row describes, its per-rank batch limit aside (the rows set it to the concurrency). */
    static List<String> key(SiliconRow r) {
        String layout = r.disagg()
                ? "P " + workers(r.prefill()) + " D " + workers(r.decode())
                : workers(r.agg());
        return List.of(r.system(), r.backend(), r.backendVersion(), r.model(), r.precision(), r.isl() + "/" + r.osl(), layout);
    }

    private static String workers(SiliconRow.Workers w) {
        if (w == null) return "?";
        return String.format(Locale.ROOT, "%sTP%d PP%d DP%d EP%d", w.count() > 1 ? w.count() + "x " : "", w.tp(), w.pp(), w.dp(), w.ep());
    }
}
