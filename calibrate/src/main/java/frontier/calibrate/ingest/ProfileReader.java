package frontier.calibrate.ingest;

import frontier.calibrate.io.TableData;
import frontier.calibrate.profile.IngestReport;

/**
 * Maps one source format into normalized operator families. Formats are recognized by their
 * columns, not by file extension, so a CSV converted to Parquet still reads.
 */
public sealed interface ProfileReader permits AiconfiguratorReader, VidurCsvReader, LlmServingSimReader, NormalizedReader {

    /** Short name shown in reports ("aiconfigurator", "vidur", ...). */
    String format();

    boolean recognizes(TableData table);

    /** Adds every usable row to {@code out}; every unusable row is counted there with its reason. */
    void read(TableData table, IngestReport out);
}
