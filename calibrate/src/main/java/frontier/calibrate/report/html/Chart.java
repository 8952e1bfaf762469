package frontier.calibrate.report.html;

/** A chart rendered as one self-contained inline SVG element. */
public sealed interface Chart permits Scatter, Cdf, Histogram, Bars {

    String title();

    String svg();
}
