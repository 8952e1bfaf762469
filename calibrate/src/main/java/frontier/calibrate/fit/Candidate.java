package frontier.calibrate.fit;

/** The model kinds calibration compares for every family, with the settings each is fitted with. */
public enum Candidate {
    OLS, RANDOM_FOREST, GRADIENT_BOOSTING;

    public Regressor fit(double[][] x, double[] y, boolean[] categorical, long seed) {
        return switch (this) {
            case OLS -> LinearModel.fit(x, y, categorical);
            case RANDOM_FOREST -> ForestModel.fit(x, y, 60, seed);
            case GRADIENT_BOOSTING -> BoostedModel.fit(x, y, BoostedModel.Settings.DEFAULT, seed);
        };
    }

    public String label() {
        return switch (this) {
            case OLS -> "ols";
            case RANDOM_FOREST -> "random_forest";
            case GRADIENT_BOOSTING -> "gradient_boosting";
        };
    }
}
