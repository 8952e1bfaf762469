package frontier.calibrate.profile;

/**
 * One measured operator latency. {@code shape} follows {@link Family#shapeColumns()},
 * {@code categories} follows {@link Family#categoryColumns()}. {@code spreadUs} is the standard
 * deviation of repeated runs where the source records it (NaN otherwise).
 */
public record Measurement(Family family, double[] shape, String[] categories, double latencyUs, double spreadUs,
                          Provenance provenance) {

    public double shape(String column) {
        return shape[family.shapeIndex(column)];
    }

    public String category(int i) {
        return categories[i];
    }
}
