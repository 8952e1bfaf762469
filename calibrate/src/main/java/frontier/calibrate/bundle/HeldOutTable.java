package frontier.calibrate.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.fit.FamilyResult;
import frontier.calibrate.fit.HeldOut;
import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import frontier.calibrate.profile.Family;

/**
 * {@code heldout/<key>.parquet}: one row per held-out measurement of a partition, with the split
 * it was held out in and what the chosen model and both baselines predicted, so that error can be
 * read by shape (in the HTML report, or a notebook) without refitting anything.
 */
public final class HeldOutTable {
    public static final String FOLDER = "heldout";

    private HeldOutTable() {}

    /** The bundle-relative file of a partition's held-out rows. */
    public static String file(String key) {
        return FOLDER + "/" + key + ".parquet";
    }

    public static List<Column> columns(Family f) {
        List<Column> cols = new ArrayList<>();
        cols.add(Column.str("split"));
        f.shapeColumns().forEach(c -> cols.add(Column.dbl(c)));
        f.categoryColumns().forEach(c -> cols.add(Column.str(c)));
        cols.add(Column.str("kernel"));
        cols.add(Column.str("size_measure"));
        cols.add(Column.dbl("size"));
        for (String c : List.of("measured_us", "predicted_us", "roofline_us", "tokens_only_us", "error_pct", "ape_pct")) {
            cols.add(Column.dbl(c));
        }
        return cols;
    }

    public static void write(Path bundle, String key, FamilyResult r) throws IOException {
        Path file = bundle.resolve(file(key));
        Files.createDirectories(file.getParent());
        Family f = r.key().family();
        HeldOut held = r.heldOut();
        try (var sink = new ParquetSink(file, columns(f))) {
            int shape0 = 1, cat0 = shape0 + f.shapeColumns().size(), k = cat0 + f.categoryColumns().size();
            for (HeldOut.Row row : held.rows()) {
                sink.set(0, row.split().label());
                for (int j = 0; j < row.shape().length; j++) sink.set(shape0 + j, row.shape()[j]);
                for (int j = 0; j < row.categories().length; j++) sink.set(cat0 + j, row.categories()[j]);
                sink.set(k, row.kernel());
                sink.set(k + 1, held.sizeMeasure());
                sink.set(k + 2, row.size());
                sink.set(k + 3, row.measuredUs());
                sink.set(k + 4, row.predictedUs());
                sink.set(k + 5, row.rooflineUs());
                sink.set(k + 6, row.tokensOnlyUs());
                sink.set(k + 7, row.errorPct());
                sink.set(k + 8, Math.abs(row.errorPct()));
                sink.endRow();
            }
        }
    }
}
