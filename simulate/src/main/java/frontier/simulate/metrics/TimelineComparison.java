package frontier.simulate.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import frontier.calibrate.bundle.Json;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import frontier.calibrate.report.html.Num;
import tools.jackson.databind.node.ObjectNode;

/**
 * A recorded run's engine timeline beside the replay's, tick by tick: where the per-request
 * errors come from (a queue that builds too early, a batch that drains too fast) shows here.
 */
public record TimelineComparison(EngineTimeline measured, EngineTimeline simulated) {

    /** Series compared: name in outputs, with its values on each side. */
    public record Series(String name, double[] measured, double[] simulated) {
        public double measuredMean() { return mean(measured); }
        public double simulatedMean() { return mean(simulated); }

        /** The mean over ticks of |simulated - measured|. */
        public double meanAbsDiff() {
            double s = 0;
            for (int i = 0; i < measured.length; i++) s += Math.abs(measured[i] - simulated[i]);
            return measured.length == 0 ? Double.NaN : s / measured.length;
        }

        private static double mean(double[] v) {
            double s = 0;
            for (double x : v) s += x;
            return v.length == 0 ? Double.NaN : s / v.length;
        }
    }

    /**
     * What a tick of a full batch costs, split in two: a step's time with every slot decoding and
     * the extra time per thousand prompt tokens prefilled alongside. Over ticks where the batch
     * stays full, each second holds gen/running steps and the prompt tokens logged, so
     * 1 s = steps · decodeStepMs + prompt/1000 · msPer1kPrompt, solved by least squares.
     */
    public record StepSplit(int ticks, double decodeStepMs, double msPer1kPromptTokens) {}

    /** Both sides' splits; null unless each side has enough full-batch ticks. */
    public record Splits(StepSplit measured, StepSplit simulated) {}

    public Splits fullBatchSplits() {
        StepSplit m = stepSplit(measured), sim = stepSplit(simulated);
        return m == null || sim == null ? null : new Splits(m, sim);
    }

    /** The split over ticks whose running requests stay within 2% of the run's most; null with under five. */
    public static StepSplit stepSplit(EngineTimeline t) {
        double full = 0;
        for (double r : t.running()) full = Math.max(full, r);
        double sxx = 0, sxy = 0, syy = 0, sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < t.size(); i++) {
            if (full <= 0 || t.running()[i] < 0.98 * full) continue;
            double span = t.span(i);
            double steps = t.genTps()[i] * span / t.running()[i];
            double prompt = t.promptTps()[i] * span / 1000;
            double ms = span * 1000;
            sxx += steps * steps;
            sxy += steps * prompt;
            syy += prompt * prompt;
            sx += steps * ms;
            sy += prompt * ms;
            n++;
        }
        double det = sxx * syy - sxy * sxy;
        if (n < 5 || !(Math.abs(det) > 1e-9 * Math.max(1, sxx * syy))) return null;
        return new StepSplit(n, (sx * syy - sy * sxy) / det, (sy * sxx - sx * sxy) / det);
    }

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
            o.putObject(s.name()).put("measured_mean", Json.number(s.measuredMean()))
                    .put("simulated_mean", Json.number(s.simulatedMean())).put("mean_abs_diff", Json.number(s.meanAbsDiff()));
        }
        Splits splits = fullBatchSplits();
        if (splits != null) {
            var node = o.putObject("full_batch_step");
            put(node.putObject("measured"), splits.measured());
            put(node.putObject("simulated"), splits.simulated());
        }
        return o;
    }

    private static void put(ObjectNode o, StepSplit s) {
        o.put("ticks", s.ticks()).put("decode_step_ms", Json.number(s.decodeStepMs()))
                .put("ms_per_1k_prompt_tokens", Json.number(s.msPer1kPromptTokens()));
    }

    public String table() {
        var sb = new StringBuilder("\n");
        String fmt = "%-20s %14s %14s %14s%n";
        sb.append(String.format(Locale.ROOT, fmt, "timeline (per tick)", "measured mean", "simulated mean", "mean |diff|"));
        for (Series s : series()) {
            sb.append(String.format(Locale.ROOT, fmt, s.name(), Num.fixed(s.measuredMean(), 1), Num.fixed(s.simulatedMean(), 1),
                    Num.fixed(s.meanAbsDiff(), 1)));
        }
        Splits splits = fullBatchSplits();
        if (splits != null) {
            sb.append(String.format(Locale.ROOT, fmt, "full-batch step ms", Num.fixed(splits.measured().decodeStepMs(), 1),
                    Num.fixed(splits.simulated().decodeStepMs(), 1), ""));
            sb.append(String.format(Locale.ROOT, fmt, "+ms per 1k prompt", Num.fixed(splits.measured().msPer1kPromptTokens(), 1),
                    Num.fixed(splits.simulated().msPer1kPromptTokens(), 1), ""));
        }
        return sb.toString();
    }
}
