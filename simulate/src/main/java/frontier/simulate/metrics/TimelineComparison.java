package frontier.simulate.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import frontier.calibrate.bundle.Json;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import tools.jackson.databind.node.ObjectNode;

/**
 * A recorded run's engine timeline beside the replay's, tick by tick: where the per-request
 * errors come from (a queue that builds too early, a batch that drains too fast) shows here.
 */
public record TimelineComparison(EngineTimeline measured, EngineTimeline simulated) {

    /** Series compared: name in outputs, with its values on each side. */
    public record Series(String name, double[] measured, double[] simulated) {}

    public List<Series> series() {
        return List.of(new Series("prompt_tokens_per_s", measured.promptTps(), simulated.promptTps()),
                new Series("gen_tokens_per_s", measured.genTps(), simulated.genTps()),
                new Series("running", measured.running(), simulated.running()),
                new Series("waiting", measured.waiting(), simulated.waiting()));
    }

    public void write(Path file) throws IOException {
        List<Series> all = series();
        var cols = new java.util.ArrayList<Column>();
        cols.add(Column.dbl("t_s"));
        for (Series s : all) {
            cols.add(Column.dbl("measured_" + s.name()));
            cols.add(Column.dbl("simulated_" + s.name()));
        }
        try (var sink = new ParquetSink(file, cols)) {
            for (int i = 0; i < measured.size(); i++) {
                sink.set(0, measured.t()[i]);
                int c = 1;
                for (Series s : all) {
                    sink.set(c++, s.measured()[i]);
                    sink.set(c++, s.simulated()[i]);
                }
                sink.endRow();
            }
        }
    }

    /** Mean of each side and the mean absolute difference per tick, per series. */
    public ObjectNode summary(double clockOffsetS) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("ticks", measured.size());
        o.put("clock_offset_s", Json.number(clockOffsetS));
        for (Series s : series()) {
            o.putObject(s.name()).put("measured_mean", Json.number(mean(s.measured())))
                    .put("simulated_mean", Json.number(mean(s.simulated())))
                    .put("mean_abs_diff", Json.number(meanAbsDiff(s.measured(), s.simulated())));
        }
        return o;
    }

    public String table() {
        var sb = new StringBuilder("\n");
        String fmt = "%-20s %14s %14s %14s%n";
        sb.append(String.format(Locale.ROOT, fmt, "timeline (per tick)", "measured mean", "simulated mean", "mean |diff|"));
        for (Series s : series()) {
            sb.append(String.format(Locale.ROOT, fmt, s.name(), f(mean(s.measured())),
                    f(mean(s.simulated())), f(meanAbsDiff(s.measured(), s.simulated()))));
        }
        return sb.toString();
    }

    private static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    public static double meanAbsDiff(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
        return a.length == 0 ? Double.NaN : s / a.length;
    }
}
