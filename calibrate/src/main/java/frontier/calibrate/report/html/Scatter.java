package frontier.calibrate.report.html;

import java.util.List;

/**
 * Points of one or more series. As a parity plot (predicted against measured), both axes share
 * one scale and carry the y = x line with a shaded ±band around it, so distance from the
 * diagonal reads directly as relative error.
 *
 * @param identity draw y = x (both axes then share one range)
 * @param band     half-width of the shaded band as a share (0.1 = ±10%), 0 for none
 * @param connect  join each series' points with a line, in the order given (a curve over a swept setting)
 */
public record Scatter(String title, String xLabel, String yLabel, List<Points> series, boolean logX, boolean logY,
                      boolean identity, double band, boolean connect) implements Chart {

    /** One series: {@code x[i]} and {@code y[i]} are one point. */
    public record Points(String name, double[] x, double[] y) {
        public Points {
            if (x.length != y.length) throw new IllegalArgumentException(name + ": " + x.length + " x values, " + y.length + " y values");
        }
    }

    public static Scatter parity(String title, String xLabel, String yLabel, List<Points> series, double band) {
        return new Scatter(title, xLabel, yLabel, series, true, true, true, band, false);
    }

    public static Scatter of(String title, String xLabel, String yLabel, List<Points> series, boolean logX, boolean logY) {
        return new Scatter(title, xLabel, yLabel, series, logX, logY, false, 0, false);
    }

    /** Each series' points joined in order: one curve per series. */
    public static Scatter curves(String title, String xLabel, String yLabel, List<Points> series, boolean logX, boolean logY) {
        return new Scatter(title, xLabel, yLabel, series, logX, logY, false, 0, true);
    }

    @Override
    public String svg() {
        Scale probeX = Scale.covering(logX, 1, 1), probeY = Scale.covering(logY, 1, 1);
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        int total = 0, dropped = 0;
        for (Points p : series) {
            for (int i = 0; i < p.x.length; i++) {
                total++;
                if (!probeX.accepts(p.x[i]) || !probeY.accepts(p.y[i])) {
                    dropped++;
                    continue;
                }
                x0 = Math.min(x0, p.x[i]);
                x1 = Math.max(x1, p.x[i]);
                y0 = Math.min(y0, p.y[i]);
                y1 = Math.max(y1, p.y[i]);
            }
        }
        if (identity) {
            x0 = y0 = Math.min(x0, y0);
            x1 = y1 = Math.max(x1, y1);
        }
        Scale xs = Scale.covering(logX, x0, x1), ys = identity ? Scale.covering(logY, x0, x1) : Scale.covering(logY, y0, y1);
        var names = series.size() == 1 && series.getFirst().name().isEmpty() ? List.<String>of()
                : series.stream().map(Points::name).toList();
        var f = new Frame(title, names, 380, 46);
        f.axes(xs, xLabel, ys, yLabel, Num::tick);
        if (identity) {
            double a = Math.max(xs.min(), ys.min()), b = Math.min(xs.max(), ys.max());
            if (band > 0) {
                double hi = 1 + band, lo = 1 - band;
                double[][] poly = {{a, a}, {a, a * hi}, {b / hi, b}, {b, b}, {b, b * lo}, {a / lo, a}};
                f.out.append("<polygon class=\"band\" points=\"");
                for (int i = 0; i < poly.length; i++) {
                    if (i > 0) f.out.append(' ');
                    f.out.append(Num.px(f.x(poly[i][0]))).append(',').append(Num.px(f.y(poly[i][1])));
                }
                f.out.append("\"/>");
            }
            f.line(Num.px(f.x(a)), Num.px(f.y(a)), Num.px(f.x(b)), Num.px(f.y(b)), "identity");
        }
        double r = total > 2000 ? 1.6 : 2.2;
        for (int s = 0; s < series.size(); s++) {
            Points p = series.get(s);
            if (connect) {
                f.out.append("<polyline class=\"curve\" stroke=\"").append(Frame.color(s)).append("\" points=\"");
                boolean first = true;
                for (int i = 0; i < p.x.length; i++) {
                    if (!xs.accepts(p.x[i]) || !ys.accepts(p.y[i])) continue;
                    if (!first) f.out.append(' ');
                    f.out.append(Num.px(f.x(p.x[i]))).append(',').append(Num.px(f.y(p.y[i])));
                    first = false;
                }
                f.out.append("\"/>");
            }
            f.out.append("<g class=\"points\" fill=\"").append(Frame.color(s)).append("\">");
            for (int i = 0; i < p.x.length; i++) {
                if (!xs.accepts(p.x[i]) || !ys.accepts(p.y[i])) continue;
                f.out.append("<circle cx=\"").append(Num.px(f.x(p.x[i]))).append("\" cy=\"").append(Num.px(f.y(p.y[i])))
                        .append("\" r=\"").append(Num.px(r)).append("\"/>");
            }
            f.out.append("</g>");
        }
        if (dropped > 0) f.note(dropped + " of " + total + " points not shown (" + (logX || logY ? "not positive or " : "") + "not a number)");
        return f.end();
    }
}
