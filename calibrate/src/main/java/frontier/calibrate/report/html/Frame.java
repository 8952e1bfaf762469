package frontier.calibrate.report.html;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The shared layout of every chart: a 720-pixel-wide SVG with a title, a wrapping legend row,
 * a plot area with grid lines and labelled ticks, and axis titles. Charts draw their marks into
 * {@link #out} through {@link #x(double)} and {@link #y(double)}.
 */
final class Frame {
    static final int WIDTH = 720;
    /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
    static final List<String> COLORS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442");
    private static final double CHAR_PX = 6.6;
    private static final double LEFT = 66, RIGHT = WIDTH - 18;

    final StringBuilder out = new StringBuilder(4096);
    private final double top, bottom, height;
    private Scale xs, ys;

    /**
     * @param plotHeight   pixels of the plot area
     * @param bottomSpace  pixels below the plot for tick labels and the axis title
     */
    Frame(String title, List<String> legend, double plotHeight, double bottomSpace) {
        int rows = legendRows(legend);
        this.top = 30 + rows * 18 + (rows > 0 ? 6 : 0);
        this.bottom = top + plotHeight;
        this.height = Math.ceil(bottom + bottomSpace);
        out.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(Num.px(height))
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(Num.px(height))
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">");
        out.append("<title>").append(Html.escape(title)).append("</title>");
        out.append("<text class=\"title\" x=\"").append(Num.px(LEFT)).append("\" y=\"18\">").append(Html.escape(title)).append("</text>");
        drawLegend(legend);
    }

    static String color(int series) {
        return COLORS.get(series % COLORS.size());
    }

    static double textWidth(String s) {
        return s.length() * CHAR_PX;
    }

    double left() { return LEFT; }
    double right() { return RIGHT; }
    double top() { return top; }
    double bottom() { return bottom; }

    double x(double v) {
        return LEFT + xs.fraction(v) * (RIGHT - LEFT);
    }

    double y(double v) {
        return bottom - ys.fraction(v) * (bottom - top);
    }

    /** Both axes numeric. */
    void axes(Scale x, String xLabel, Scale y, String yLabel, DoubleFunction<String> yTick) {
        this.xs = x;
        this.ys = y;
        yAxis(y, yLabel, yTick);
        for (double t : x.ticks()) {
            String px = Num.px(x(t));
            line(px, Num.px(top), px, Num.px(bottom), "grid");
            text(px, Num.px(bottom + 16), "middle", Num.tick(t));
        }
        line(Num.px(LEFT), Num.px(bottom), Num.px(RIGHT), Num.px(bottom), "axis");
        if (xLabel != null) text(Num.px((LEFT + RIGHT) / 2), Num.px(bottom + 36), "middle", xLabel);
    }

    /** A numeric y axis and a categorical x axis; the chart places its own category labels. */
    void valueAxis(Scale y, String yLabel, DoubleFunction<String> yTick) {
        this.ys = y;
        yAxis(y, yLabel, yTick);
        line(Num.px(LEFT), Num.px(bottom), Num.px(RIGHT), Num.px(bottom), "axis");
    }

    private void yAxis(Scale y, String yLabel, DoubleFunction<String> yTick) {
        for (double t : y.ticks()) {
            String py = Num.px(y(t));
            line(Num.px(LEFT), py, Num.px(RIGHT), py, "grid");
            text(Num.px(LEFT - 6), Num.px(y(t) + 4), "end", yTick.apply(t));
        }
        line(Num.px(LEFT), Num.px(top), Num.px(LEFT), Num.px(bottom), "axis");
        if (yLabel != null) {
            double cy = (top + bottom) / 2;
            out.append("<text x=\"16\" y=\"").append(Num.px(cy)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
                    .append(Num.px(cy)).append(")\">").append(Html.escape(yLabel)).append("</text>");
        }
    }

    void line(String x1, String y1, String x2, String y2, String cls) {
        out.append("<line class=\"").append(cls).append("\" x1=\"").append(x1).append("\" y1=\"").append(y1)
                .append("\" x2=\"").append(x2).append("\" y2=\"").append(y2).append("\"/>");
    }

    void text(String x, String y, String anchor, String s) {
        out.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor).append("\">")
                .append(Html.escape(s)).append("</text>");
    }

    /** A note in the plot's top-left corner, for what the marks cannot show (points left out). */
    void note(String s) {
        out.append("<text class=\"note\" x=\"").append(Num.px(LEFT + 6)).append("\" y=\"").append(Num.px(top + 14)).append("\">")
                .append(Html.escape(s)).append("</text>");
    }

    private static int legendRows(List<String> legend) {
        if (legend.isEmpty()) return 0;
        int rows = 1;
        double x = LEFT;
        for (String s : legend) {
            double w = 18 + textWidth(s) + 16;
            if (x + w > RIGHT && x > LEFT) {
                rows++;
                x = LEFT;
            }
            x += w;
        }
        return rows;
    }

    private void drawLegend(List<String> legend) {
        double x = LEFT, y = 30;
        for (int i = 0; i < legend.size(); i++) {
            String s = legend.get(i);
            double w = 18 + textWidth(s) + 16;
            if (x + w > RIGHT && x > LEFT) {
                y += 18;
                x = LEFT;
            }
            out.append("<rect x=\"").append(Num.px(x)).append("\" y=\"").append(Num.px(y)).append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(color(i)).append("\"/>");
            text(Num.px(x + 17), Num.px(y + 10.5), "start", s);
            x += w;
        }
    }

    String end() {
        out.append("</svg>");
        return out.toString();
    }
}
