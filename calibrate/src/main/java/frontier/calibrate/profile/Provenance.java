package frontier.calibrate.profile;

/** Where a measurement came from. Shared by all rows of one source table. */
public record Provenance(String sourceFile, String device, String framework, String version, String kernel) {
    public Provenance withKernel(String k) {
        return new Provenance(sourceFile, device, framework, version, k);
    }
}
