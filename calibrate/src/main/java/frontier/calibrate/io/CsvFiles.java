package frontier.calibrate.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines) read whole into {@link TableData}. */
public final class CsvFiles {
    private CsvFiles() {}

    /** Thrown when the text is not CSV a reader can trust; the message names the file and line. */
    public static final class MalformedCsvException extends IOException {
        public MalformedCsvException(String message) { super(message); }
    }

    public static TableData read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = nextRecord(in, file, new int[] {0});
            if (header == null) throw new MalformedCsvException(file + ": empty file, expected a header row");
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) header.set(0, header.get(0).substring(1));
            List<List<String>> records = new ArrayList<>();
            int[] line = {1};
            List<String> rec;
            while ((rec = nextRecord(in, file, line)) != null) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) continue; // blank line
                if (rec.size() != header.size()) {
                    throw new MalformedCsvException(file + ":" + line[0] + ": " + rec.size() + " fields, header has "
                            + header.size() + " (fix the row or quote fields that contain commas)");
                }
                records.add(rec);
            }
            var table = new TableData(file, records.size());
            for (int c = 0; c < header.size(); c++) {
                String[] col = new String[records.size()];
                for (int r = 0; r < records.size(); r++) {
                    String v = records.get(r).get(c);
                    col[r] = v.isEmpty() ? null : v;
                }
                String name = header.get(c).strip();
                if (name.isEmpty()) name = "_index" + c;
                table.putText(name, col);
            }
            return table;
        }
    }

    /** Reads one record; line[0] is advanced by the physical lines consumed. Null at end of input. */
    static List<String> nextRecord(BufferedReader in, Path file, int[] line) throws IOException {
        String first = in.readLine();
        if (first == null) return null;
        line[0]++;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        String text = first;
        int i = 0;
        while (true) {
            if (i >= text.length()) {
                if (quoted) {
                    String more = in.readLine();
                    if (more == null) throw new MalformedCsvException(file + ":" + line[0] + ": unterminated quoted field");
                    line[0]++;
                    field.append('\n');
                    text = more;
                    i = 0;
                    continue;
                }
                fields.add(field.toString());
                return fields;
            }
            char ch = text.charAt(i++);
            if (quoted) {
                if (ch == '"') {
                    if (i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (ch != '\r') {
                field.append(ch);
            }
        }
    }
}
