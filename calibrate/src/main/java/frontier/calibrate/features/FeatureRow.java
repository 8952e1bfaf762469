package frontier.calibrate.features;

/** Features of one operator shape and the roofline time they are measured against. */
public record FeatureRow(double[] values, double rooflineUs, double computeBoundUs) {}
