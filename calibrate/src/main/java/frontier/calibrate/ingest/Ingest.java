package frontier.calibrate.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

import frontier.calibrate.UserInputException;
import frontier.calibrate.io.CsvFiles;
import frontier.calibrate.io.ParquetFiles;
import frontier.calibrate.io.TableData;
import frontier.calibrate.profile.IngestReport;

/**
 * Reads profile files and folders of any supported format into normalized operator families.
 * Files named on the command line must be usable; inside folders, files of no known format are
 * listed as skipped so that a folder of mixed content still ingests.
 */
public final class Ingest {
    public static final List<ProfileReader> READERS = List.of(
            new AiconfiguratorReader(), new VidurCsvReader(), new LlmServingSimReader(), new NormalizedReader());

    private Ingest() {}

    /** Every table file under the given paths, in a stable order. */
    public static List<Path> tableFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UserInputException(p + ": no such file or folder (check the --profiles path)");
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(Ingest::isTableFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UserInputException(p + ": cannot list folder (" + e.getMessage() + ")");
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    static boolean isTableFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".parquet") || n.endsWith(".csv");
    }

    public static IngestReport read(List<Path> paths, Consumer<Path> progress) {
        return read(paths, READERS, progress);
    }

    /** With other readers than the shipped ones (tests give them model configs of their own). */
    static IngestReport read(List<Path> paths, List<ProfileReader> readers, Consumer<Path> progress) {
        var report = new IngestReport();
        List<Path> explicit = paths.stream().filter(Files::isRegularFile).toList();
        for (Path file : tableFiles(paths)) {
            boolean named = explicit.contains(file);
            readOne(file, named, readers, report);
            progress.accept(file);
        }
        return report;
    }

    private static void readOne(Path file, boolean named, List<ProfileReader> readers, IngestReport report) {
        if (!isTableFile(file)) {
            throw new UserInputException(file + ": unknown format (expected .parquet or .csv kernel tables: "
                    + "aiconfigurator, Vidur/Frontier, LLMServingSim or Frontier profiles)");
        }
        TableData table;
        try {
            table = file.toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CsvFiles.read(file) : ParquetFiles.read(file);
        } catch (IOException e) {
            if (named) throw new UserInputException(e.getMessage());
            report.skip(file + ": " + e.getMessage());
            return;
        }
        if (table.rows() == 0) {
            if (named) throw new UserInputException(file + ": empty table (no rows); give a table with measurements");
            report.skip(file + ": empty table");
            return;
        }
        ProfileReader reader = readers.stream().filter(r -> r.recognizes(table)).findFirst().orElse(null);
        if (reader == null) {
            String why = hasLatency(table)
                    ? "unknown table layout (columns: " + String.join(", ", table.columnNames().stream().limit(12).toList())
                            + (table.columnNames().size() > 12 ? ", ..." : "") + ")"
                    : "no latency column (expected 'latency' [ms], 'time_stats.<op>.median' [ms], 'time_us' or 'latency_us')";
            if (named) throw new UserInputException(file + ": " + why);
            report.skip(file + ": " + why);
            return;
        }
        long before = report.total();
        reader.read(table, report);
        report.tableRead(file.toString());
        if (named && report.total() == before) {
            throw new UserInputException(file + ": no usable rows (" + reasons(report, file) + ")");
        }
    }

    private static boolean hasLatency(TableData t) {
        return t.columnNames().stream().anyMatch(c -> c.equals("latency") || c.equals("time_us")
                || c.equals("latency_us") || c.startsWith("time_stats."));
    }

    private static String reasons(IngestReport report, Path file) {
        var rs = report.rejections().stream().filter(r -> r.file().equals(file.toString()))
                .map(r -> r.rows() + " rows: " + r.reason()).toList();
        return rs.isEmpty() ? "the table holds no operator this format maps" : String.join("; ", rs);
    }
}
