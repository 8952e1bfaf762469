package frontier.simulate.validate;

import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.fit.ErrorStats;

/** The error math of silicon validation: one row per case and metric, and their statistics. */
public final class SiliconErrors {
    private SiliconErrors() {}

    /** The metrics the silicon rows measure. E2E latency is not among them, so it is not compared. */
    public static final List<String> METRICS = List.of("ttft_ms", "tpot_ms");

    /** One metric of one simulated case. */
    public record Row(SiliconCase.Simulated source, String metric, double measured, double simulated) {
        /** (simulated − measured) / measured × 100: positive when the simulator is slower. */
        public double errorPct() {
            return (simulated - measured) / measured * 100;
        }

        public double apePct() {
            return Math.abs(errorPct());
        }
    }

    /**
     * Statistics of one metric over a set of cases.
     *
     * @param meanSignedPct the mean signed error: the bias, positive when the simulator is slow on average
     */
    public record Stats(int n, double medianApePct, double p90ApePct, double meanSignedPct) {
        public static final Stats NONE = new Stats(0, Double.NaN, Double.NaN, Double.NaN);
    }

    /** The error rows of the simulated cases; a metric without a finite positive measurement or a finite simulation has none. */
    public static List<Row> rows(List<SiliconCase> cases) {
        List<Row> rows = new ArrayList<>();
        for (SiliconCase c : cases) {
            if (!(c instanceof SiliconCase.Simulated s)) continue;
            add(rows, s, "ttft_ms", s.row().ttftMs(), s.ttftMs());
            add(rows, s, "tpot_ms", s.row().tpotMs(), s.tpotMs());
        }
        return rows;
    }

    private static void add(List<Row> rows, SiliconCase.Simulated s, String metric, double measured, double simulated) {
        if (measured > 0 && Double.isFinite(measured) && Double.isFinite(simulated)) rows.add(new Row(s, metric, measured, simulated));
    }

    /** Median and p90 of the absolute errors (linear interpolation, numpy's default) and the mean signed error. */
    public static Stats stats(List<Row> rows, String metric) {
        double[] ape = rows.stream().filter(r -> r.metric().equals(metric)).mapToDouble(Row::apePct).sorted().toArray();
        if (ape.length == 0) return Stats.NONE;
        double signed = rows.stream().filter(r -> r.metric().equals(metric)).mapToDouble(Row::errorPct).average().orElse(Double.NaN);
        return new Stats(ape.length, ErrorStats.percentile(ape, 50), ErrorStats.percentile(ape, 90), signed);
    }

    /**
     * Coverage of a set of cases: simulated / (cases − layout not given) × 100. Rows without a
     * worker layout describe no deployment to simulate, so they are not counted against it;
     * every other row is, whatever kept it from running. NaN when no row counts.
     */
    public static double coveragePct(List<SiliconCase> cases) {
        long counted = cases.stream().filter(c -> !(c instanceof SiliconCase.LayoutNotGiven)).count();
        long simulated = cases.stream().filter(c -> c instanceof SiliconCase.Simulated).count();
        return counted == 0 ? Double.NaN : 100.0 * simulated / counted;
    }

    /** The larger of a case's two absolute errors: how the worst cases are ranked. */
    static double worstApe(List<Row> rows) {
        return rows.stream().mapToDouble(Row::apePct).max().orElse(Double.NaN);
    }
}
