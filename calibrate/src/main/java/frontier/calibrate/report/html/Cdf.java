package frontier.calibrate.report.html;

import java.util.Arrays;
import java.util.List;

/**
 * Empirical cumulative distributions, one step line per series: at x, the share of the series'
 * values at or below x. On a log axis, values below the axis (zero errors) sit at its left edge.
 */
public record Cdf(String title, String xLabel, List<Sample> series, boolean logX) implements Chart {

    /** Above this many values a series is drawn through its quantiles instead of every step. */
    static final int MAX_STEPS = 1000;

    @Override
    public String svg() {
        double[][] sorted = new double[series.size()][];
        for (int s = 0; s < series.size(); s++) {
            sorted[s] = Arrays.stream(series.get(s).values()).filter(Double::isFinite).sorted().toArray();
        }
        Scale xs = Scale.covering(logX, series, Double.POSITIVE_INFINITY);
        Scale ys = new Scale.Linear(0, 1, 0.2);
        // a lone unnamed series needs no legend
        var names = series.size() == 1 && series.getFirst().name().isEmpty() ? List.<String>of() : series.stream().map(Sample::name).toList();
        var f = new Frame(title, names, 300, 46);
        f.axes(xs, xLabel, ys, "share at or below", v -> Num.tick(v * 100) + "%");
        for (int s = 0; s < series.size(); s++) {
            double[] v = sorted[s];
            if (v.length == 0) continue;
            var d = new StringBuilder();
            d.append('M').append(Num.px(f.x(v[0]))).append(',').append(Num.px(f.y(0)));
            int n = v.length;
            if (n <= MAX_STEPS) {
                for (int i = 0; i < n; i++) {
                    String x = Num.px(f.x(v[i]));
                    d.append('L').append(x).append(',').append(Num.px(f.y((double) i / n)));
                    d.append('L').append(x).append(',').append(Num.px(f.y((double) (i + 1) / n)));
                }
            } else {
                for (int k = 1; k <= MAX_STEPS; k++) {
                    double q = (double) k / MAX_STEPS;
                    int i = (int) Math.ceil(q * n) - 1;
                    d.append('L').append(Num.px(f.x(v[i]))).append(',').append(Num.px(f.y(q)));
                }
            }
            f.out.append("<path class=\"cdf\" stroke=\"").append(Frame.color(s)).append("\" d=\"").append(d).append("\"/>");
        }
        return f.end();
    }
}
