package frontier.calibrate.ingest;

import java.util.Locale;

import frontier.calibrate.io.TableData;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Provenance;

/**
 * Frontier's own normalized family tables (what {@code calibrate --tables} writes and what a
 * user can produce from any benchmark): one {@code family} column, the family's shape and
 * category columns, {@code latency_us}, and optional provenance columns.
 */
public record NormalizedReader() implements ProfileReader {

    @Override public String format() { return "frontier"; }

    @Override
    public boolean recognizes(TableData t) {
        return t.has("family") && t.has("latency_us");
    }

    @Override
    public void read(TableData t, IngestReport out) {
        String file = t.source().toString();
        String[] family = t.text("family").orElseThrow();
        double[] latency = t.numeric("latency_us").orElseThrow();
        double[] spread = t.numeric("latency_std_us").orElse(null);
        String[] src = t.text("source_file").orElse(null), dev = t.text("device").orElse(null);
        String[] fw = t.text("framework").orElse(null), ver = t.text("version").orElse(null);
        String[] kernel = t.text("kernel").orElse(null);
        for (int i = 0; i < t.rows(); i++) {
            Family f;
            try {
                f = Family.fromLabel(family[i] == null ? "" : family[i].strip().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                out.reject(file, "unknown family '" + family[i] + "'");
                continue;
            }
            double[] shape = new double[f.shapeColumns().size()];
            boolean missing = false;
            for (int c = 0; c < shape.length; c++) {
                var column = t.numeric(f.shapeColumns().get(c));
                if (column.isEmpty()) {
                    out.reject(file, f.label() + ": missing column '" + f.shapeColumns().get(c) + "'");
                    missing = true;
                    break;
                }
                shape[c] = column.get()[i];
            }
            if (missing) continue;
            String[] cats = new String[f.categoryColumns().size()];
            for (int c = 0; c < cats.length; c++) {
                String[] column = t.text(f.categoryColumns().get(c)).orElse(null);
                cats[c] = column == null ? null : column[i];
            }
            var prov = new Provenance(src == null || src[i] == null ? file : src[i], dev == null ? null : dev[i],
                    fw == null ? null : fw[i], ver == null ? null : ver[i], kernel == null ? null : kernel[i]);
            RowCheck.accept(out, file, f, shape, cats, latency[i], spread == null ? Double.NaN : spread[i], prov);
        }
    }
}
