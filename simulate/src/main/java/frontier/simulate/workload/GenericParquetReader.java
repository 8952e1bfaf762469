package frontier.simulate.workload;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;

import frontier.calibrate.UserInputException;
import frontier.calibrate.io.ParquetFiles;
import frontier.calibrate.io.TableData;

/**
 * The columns of {@link GenericCsvReader} in a Parquet file. Parquet is columnar, so the table is
 * read whole (a million rows of three numbers is about 24 MB) and handed out row by row.
 */
final class GenericParquetReader implements RequestSource {
    static final String LAYOUT = "Parquet trace";

    private final RowRules rules;
    private final double[] arrival;
    private final double[] input;
    private final double[] output;
    private final String[] id;
    private int row;

    GenericParquetReader(Path file, boolean skipBadRows) {
        TableData table = read(file);
        var header = new TableHeader(file, table.columnNames());
        this.arrival = table.numeric(header.names().get(header.require(LAYOUT, GenericCsvReader.ARRIVAL))).orElseThrow();
        this.input = table.numeric(header.names().get(header.require(LAYOUT, GenericCsvReader.INPUT))).orElseThrow();
        this.output = table.numeric(header.names().get(header.require(LAYOUT, GenericCsvReader.OUTPUT))).orElseThrow();
        int idColumn = header.optional(GenericCsvReader.ID);
        this.id = idColumn < 0 ? null : table.text(header.names().get(idColumn)).orElseThrow();
        this.rules = new RowRules(file, skipBadRows, false, true);
    }

    static TableData read(Path file) {
        try {
            return ParquetFiles.read(file);
        } catch (IOException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    @Override
    public Request next() {
        while (row < arrival.length) {
            int r = row++;
            try {
                if (Double.isNaN(arrival[r])) throw new BadRow("arrival is missing", "fill it in");
                long ns = Numbers.toNs(BigDecimal.valueOf(arrival[r]), Numbers.NS_PER_S, "arrival");
                String sourceId = id != null && id[r] != null ? id[r] : Integer.toString(r + 1);
                return rules.accept(ns, Numbers.count(input[r], "input_tokens"), Numbers.count(output[r], "output_tokens"),
                        null, 0, sourceId);
            } catch (BadRow bad) {
                rules.reject(r + 1, bad);
            }
        }
        return null;
    }

    @Override
    public long skippedRows() { return rules.skipped(); }
}
