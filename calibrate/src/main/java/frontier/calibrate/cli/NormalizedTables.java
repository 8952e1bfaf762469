package frontier.calibrate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import frontier.calibrate.io.Column;
import frontier.calibrate.io.ParquetSink;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Measurement;

/**
 * Writes the ingested measurements as one Parquet table per family, in the normalized layout that
 * {@code NormalizedReader} reads back: latency in µs plus provenance columns.
 */
public final class NormalizedTables {
    private NormalizedTables() {}

    public static List<Column> columns(Family f) {
        List<Column> cols = new ArrayList<>();
        cols.add(Column.str("family"));
        f.shapeColumns().forEach(c -> cols.add(Column.dbl(c)));
        f.categoryColumns().forEach(c -> cols.add(Column.str(c)));
        cols.add(Column.dbl("latency_us"));
        cols.add(Column.dbl("latency_std_us"));
        for (String c : List.of("source_file", "device", "framework", "version", "kernel")) cols.add(Column.str(c));
        return cols;
    }

    public static void write(Path dir, IngestReport report) throws IOException {
        Files.createDirectories(dir);
        for (var e : report.rows().entrySet()) {
            Family f = e.getKey();
            try (var sink = new ParquetSink(dir.resolve(f.label() + ".parquet"), columns(f))) {
                int shape0 = 1, cat0 = 1 + f.shapeColumns().size(), lat = cat0 + f.categoryColumns().size();
                for (Measurement m : e.getValue()) {
                    sink.set(0, f.label());
                    for (int j = 0; j < m.shape().length; j++) sink.set(shape0 + j, m.shape()[j]);
                    for (int j = 0; j < m.categories().length; j++) sink.set(cat0 + j, m.categories()[j]);
                    sink.set(lat, m.latencyUs());
                    sink.set(lat + 1, m.spreadUs());
                    var p = m.provenance();
                    sink.set(lat + 2, p.sourceFile());
                    sink.set(lat + 3, p.device());
                    sink.set(lat + 4, p.framework());
                    sink.set(lat + 5, p.version());
                    sink.set(lat + 6, p.kernel());
                    sink.endRow();
                }
            }
        }
    }
}
