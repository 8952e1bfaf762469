package frontier.calibrate.profile;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one ingest produced: measurements per family, rejected rows, skipped files. */
public final class IngestReport {
    private final Map<Family, List<Measurement>> rows = new EnumMap<>(Family.class);
    private final Map<String, Long> rejected = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();

    public void add(Measurement m) {
        rows.computeIfAbsent(m.family(), f -> new ArrayList<>()).add(m);
    }

    public void reject(String file, String reason) {
        reject(file, reason, 1);
    }

    public void reject(String file, String reason, long count) {
        if (count > 0) rejected.merge(file + "\u0000" + reason, count, Long::sum);
    }

    public void skip(String fileAndWhy) { skipped.add(fileAndWhy); }

    public void tableRead(String file) { tables.add(file); }

    public Map<Family, List<Measurement>> rows() { return rows; }

    public List<Measurement> rows(Family f) { return rows.getOrDefault(f, List.of()); }

    public long total() { return rows.values().stream().mapToLong(List::size).sum(); }

    public List<Rejection> rejections() {
        List<Rejection> out = new ArrayList<>();
        rejected.forEach((k, n) -> {
            int cut = k.indexOf('\u0000');
            out.add(new Rejection(k.substring(0, cut), k.substring(cut + 1), n));
        });
        return out;
    }

    public long rejectedRows() { return rejected.values().stream().mapToLong(Long::longValue).sum(); }

    public List<String> skipped() { return skipped; }

    public List<String> tables() { return tables; }
}
