package frontier.calibrate.fit;

/**
 * A fitted model of log efficiency: predict(x) ≈ ln(latency / roofline). Every candidate the
 * calibration compares is one of these, so selection, evaluation and the bundle treat them alike.
 */
public sealed interface Regressor permits LinearModel, ForestModel, BoostedModel, ConstantModel {

    /** Short name used in reports and bundles: ols, random_forest, gradient_boosting, constant. */
    String kind();

    double predict(double[] features);
}
