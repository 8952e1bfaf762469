package frontier.simulate.workload;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import frontier.calibrate.UserInputException;

/** The column names of a trace table (a CSV header row, a Parquet schema) and where each needed one sits. */
record TableHeader(Path file, List<String> names) {

    static TableHeader read(TextLines lines) {
        String first = lines.nextNonBlank();
        if (first == null) throw new UserInputException(lines.file() + ": empty file, expected a header row");
        try {
            return new TableHeader(lines.file(), CsvLine.split(first));
        } catch (BadRow e) {
            throw new UserInputException(lines.file() + ":" + lines.lineNumber() + ": header " + e.problem() + "; " + e.fix());
        }
    }

    /** Index of the column known by any of the names (case-insensitive); fails naming them. */
    int require(String layout, String... accepted) {
        int i = optional(accepted);
        if (i < 0) {
            String also = accepted.length > 1
                    ? " (or " + String.join(", ", Arrays.asList(accepted).subList(1, accepted.length)) + ")" : "";
            throw new UserInputException(file + ": missing column '" + accepted[0] + "'" + also + ", needed by the " + layout
                    + " layout; add or rename the column (the header has: " + String.join(", ", names) + ")");
        }
        return i;
    }

    int optional(String... accepted) { return CsvLine.indexOf(names, accepted); }

    /** The row's fields, checked against the header width. */
    List<String> fields(String line) throws BadRow {
        List<String> fields = CsvLine.split(line);
        if (fields.size() != names.size()) {
            throw new BadRow(fields.size() + " fields, the header has " + names.size(), "fix the row");
        }
        return fields;
    }
}
