package frontier.calibrate.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import frontier.calibrate.io.CsvFiles;
import frontier.calibrate.io.TableData;
import frontier.calibrate.model.ModelConfigs;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Measurement;
import frontier.calibrate.profile.Rejection;

/** The real-data slices under {@code src/test/resources/fixtures} and small helpers to read them. */
final class Fixtures {
    private Fixtures() {}

    static Path path(String relative) {
        URL url = Fixtures.class.getResource("/fixtures/" + relative);
        if (url == null) throw new IllegalArgumentException("no fixture " + relative);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TableData csv(String relative) {
        try {
            return CsvFiles.read(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The two configs the fixtures need, with the ALIASES.tsv lines that name them. */
    static ModelConfigs models() {
        return new ModelConfigs(path("models"));
    }

    static IngestReport read(ProfileReader reader, String relative) {
        var report = new IngestReport();
        TableData table = csv(relative);
        if (!reader.recognizes(table)) throw new AssertionError(reader.format() + " does not recognize " + relative);
        reader.read(table, report);
        return report;
    }

    /** The single measurement of a family that matches; fails when there is none or several. */
    static Measurement one(IngestReport report, Family family, Predicate<Measurement> which) {
        List<Measurement> found = report.rows(family).stream().filter(which).toList();
        if (found.size() != 1) throw new AssertionError("expected one " + family.label() + " row, found " + found.size());
        return found.getFirst();
    }

    static Predicate<Measurement> kernel(String kernel) {
        return m -> kernel.equals(m.provenance().kernel());
    }

    static long rejected(IngestReport report, String reason) {
        return report.rejections().stream().filter(r -> r.reason().equals(reason)).mapToLong(Rejection::rows).sum();
    }
}
