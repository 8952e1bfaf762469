package frontier.calibrate.report.html;

import java.util.List;

/**
 * Overlaid distributions: each series binned on a shared axis and drawn as a translucent step
 * area, heights as the share of that series' values, so series of different sizes compare.
 */
public record Histogram(String title, String xLabel, String yLabel, List<Sample> series, int bins, boolean logX)
        implements Chart {

    public Histogram {
        if (bins < 1) throw new IllegalArgumentException("bins must be positive: " + bins);
    }

    @Override
    public String svg() {
        Scale xs = Scale.covering(logX, series, Double.POSITIVE_INFINITY);
        double[][] share = new double[series.size()][bins];
        double top = 0;
        for (int s = 0; s < series.size(); s++) {
            int n = 0;
            for (double v : series.get(s).values()) {
                if (!xs.accepts(v)) continue;
                share[s][Math.min(bins - 1, (int) (xs.fraction(v) * bins))]++;
                n++;
            }
            for (int b = 0; b < bins; b++) {
                share[s][b] = n == 0 ? 0 : share[s][b] / n;
                top = Math.max(top, share[s][b]);
            }
        }
        Scale ys = Scale.Linear.covering(0, top > 0 ? top : 1);
        var f = new Frame(title, series.stream().map(Sample::name).toList(), 260, 46);
        f.axes(xs, xLabel, ys, yLabel, v -> Num.tick(v * 100) + "%");
        double width = f.right() - f.left();
        for (int s = 0; s < series.size(); s++) {
            var d = new StringBuilder();
            String base = Num.px(f.y(0));
            d.append('M').append(Num.px(f.left())).append(',').append(base);
            for (int b = 0; b < bins; b++) {
                String y = Num.px(f.y(share[s][b]));
                d.append('L').append(Num.px(f.left() + width * b / bins)).append(',').append(y);
                d.append('L').append(Num.px(f.left() + width * (b + 1) / bins)).append(',').append(y);
            }
            d.append('L').append(Num.px(f.right())).append(',').append(base).append('Z');
            String c = Frame.color(s);
            f.out.append("<path class=\"area\" fill=\"").append(c).append("\" stroke=\"").append(c).append("\" d=\"").append(d).append("\"/>");
        }
        return f.end();
    }
}
