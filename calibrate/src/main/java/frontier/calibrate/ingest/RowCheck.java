package frontier.calibrate.ingest;

import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Measurement;
import frontier.calibrate.profile.Provenance;

/** The one gate every reader's rows pass: latency and shape must be finite and positive. */
final class RowCheck {
    private RowCheck() {}

    static void accept(IngestReport out, String file, Family family, double[] shape, String[] categories,
                       double latencyUs, double spreadUs, Provenance provenance) {
        if (Double.isNaN(latencyUs)) {
            out.reject(file, family.label() + ": latency is missing or NaN");
            return;
        }
        if (Double.isInfinite(latencyUs)) {
            out.reject(file, family.label() + ": latency is infinite");
            return;
        }
        if (latencyUs <= 0) {
            out.reject(file, family.label() + ": latency is zero or negative");
            return;
        }
        var names = family.shapeColumns();
        for (int i = 0; i < shape.length; i++) {
            if (!Double.isFinite(shape[i]) || shape[i] < 0) {
                out.reject(file, family.label() + ": shape column " + names.get(i) + " is missing, NaN or negative");
                return;
            }
        }
        out.add(new Measurement(family, shape, categories, latencyUs, spreadUs, provenance));
    }
}
