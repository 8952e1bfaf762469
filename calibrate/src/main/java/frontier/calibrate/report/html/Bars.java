package frontier.calibrate.report.html;

import java.util.List;

/**
 * Grouped bars: one group per category, one bar per series, the value printed above each bar
 * while there is room. Series values are indexed like the categories; NaN leaves a gap.
 */
public record Bars(String title, String yLabel, List<String> categories, List<Sample> series, boolean logY) implements Chart {

    public Bars {
        for (Sample s : series) {
            if (s.values().length != categories.size()) {
                throw new IllegalArgumentException(s.name() + ": " + s.values().length + " values for " + categories.size() + " categories");
            }
        }
    }

    private static final int MAX_LABEL = 30, TILT = 55;

    @Override
    public String svg() {
        Scale ys = Scale.covering(logY, series, logY ? Double.POSITIVE_INFINITY : 0);
        int groups = Math.max(1, categories.size());
        double plotWidth = Frame.WIDTH - 18 - 66;
        double band = plotWidth / groups;
        List<String> names = categories.stream().map(c -> c.length() > MAX_LABEL ? c.substring(0, MAX_LABEL - 1) + "…" : c).toList();
        double longest = names.stream().mapToDouble(Frame::textWidth).max().orElse(0);
        boolean tilt = longest > band - 6;
        // steep enough that the first label stays inside the chart's left edge
        double bottomSpace = tilt ? longest * Math.sin(Math.toRadians(TILT)) + 24 : 40;
        var f = new Frame(title, series.size() == 1 && series.getFirst().name().isEmpty() ? List.of()
                : series.stream().map(Sample::name).toList(), 260, bottomSpace);
        f.valueAxis(ys, yLabel, Num::tick);
        double barWidth = Math.min(36, band * 0.8 / Math.max(1, series.size()));
        boolean labels = categories.size() * series.size() <= 40;
        for (int c = 0; c < categories.size(); c++) {
            double center = f.left() + band * (c + 0.5);
            double start = center - barWidth * series.size() / 2;
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s).values()[c];
                if (!ys.accepts(v)) continue;
                double top = f.y(v), x = start + s * barWidth;
                f.out.append("<rect fill=\"").append(Frame.color(s)).append("\" x=\"").append(Num.px(x + 1)).append("\" y=\"")
                        .append(Num.px(top)).append("\" width=\"").append(Num.px(barWidth - 2)).append("\" height=\"")
                        .append(Num.px(f.bottom() - top)).append("\"><title>").append(Html.escape(series.get(s).name() + " "
                                + categories.get(c) + ": " + Num.brief(v))).append("</title></rect>");
                if (labels) {
                    f.out.append("<text class=\"value\" x=\"").append(Num.px(x + barWidth / 2)).append("\" y=\"")
                            .append(Num.px(top - 3)).append("\" text-anchor=\"middle\">").append(Html.escape(Num.brief(v))).append("</text>");
                }
            }
            String y = Num.px(f.bottom() + 15);
            if (tilt) {
                String x = Num.px(center);
                f.out.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"end\" transform=\"rotate(-" + TILT + " ")
                        .append(x).append(' ').append(y).append(")\">").append(Html.escape(names.get(c))).append("</text>");
            } else {
                f.text(Num.px(center), y, "middle", names.get(c));
            }
        }
        return f.end();
    }
}
