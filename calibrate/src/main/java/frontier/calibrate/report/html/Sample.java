package frontier.calibrate.report.html;

/** A named set of values: one series of a CDF, a histogram or a bar chart. */
public record Sample(String name, double[] values) {}
