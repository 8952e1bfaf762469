package frontier.simulate.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields (RFC 4180 quoting within the line). Trace rows never hold
 * line breaks inside quotes, so a field left open at the end of the line is a broken row.
 */
final class CsvLine {
    private CsvLine() {}

    static List<String> split(String line) throws BadRow {
        List<String> fields = new ArrayList<>(8);
        if (line.indexOf('"') < 0) {
            int start = 0;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == ',') {
                    fields.add(line.substring(start, i).strip());
                    start = i + 1;
                }
            }
            fields.add(line.substring(start).strip());
            return fields;
        }
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch != '"') {
                    field.append(ch);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (ch == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) throw new BadRow("a quoted field is not closed", "close the quote");
        fields.add(field.toString().strip());
        return fields;
    }

    /** Index of the first header name that matches one of the names (case-insensitive), or -1. */
    static int indexOf(List<String> header, String... names) {
        for (String name : names) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(name)) return i;
            }
        }
        return -1;
    }
}
