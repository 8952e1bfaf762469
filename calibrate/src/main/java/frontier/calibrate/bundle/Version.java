package frontier.calibrate.bundle;

/** The release this build reports in bundles and outputs. */
public final class Version {
    public static final String FRONTIER = "0.1.0";
    /**
     * Version of the ingest mappings, physics features and model fitting: bundles cached for an
     * older version are recalibrated. Raise it with any change that alters what calibration fits;
     * {@link CodeFingerprint} refits caches of another build even where it was not raised.
     */
    public static final int CALIBRATION = 13;

    private Version() {}
}
