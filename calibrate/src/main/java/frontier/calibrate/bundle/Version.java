package frontier.calibrate.bundle;

/** The release this build reports in bundles and outputs. */
public final class Version {
    public static final String FRONTIER = "0.1.0";

    private Version() {}
}
