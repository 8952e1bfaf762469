package frontier.simulate.validate;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import frontier.calibrate.UserInputException;
import frontier.calibrate.io.CsvFiles;
import frontier.calibrate.io.TableData;

/**
 * Reads aiconfigurator's silicon CSV (datasets/serving/aiconfigurator-silicon/) into rows. A file
 * that is not such a CSV is the user's error (one line, exit 2); a row with an unreadable value
 * is kept and marked, so that it is reported rather than dropped.
 */
public final class SiliconCsv {
    private SiliconCsv() {}

    static final List<String> WORKER_FIELDS = List.of("batch_size", "num_workers", "tp_size", "pp_size",
            "attention_dp_size", "moe_tp_size", "moe_ep_size");

    /** Columns every row is read from; silicon_data_source is optional (it holds the concurrency). */
    public static final List<String> REQUIRED = required();

    private static final Pattern CONCURRENCY = Pattern.compile("silicon_concurrency=(\\d+)");

    private static List<String> required() {
        List<String> r = new ArrayList<>(List.of("id", "backend", "backend_version", "model_path", "system", "precision",
                "mode", "isl", "osl", "batch_size", "tp_size", "pp_size", "attention_dp_size", "moe_tp_size", "moe_ep_size"));
        for (String role : List.of("prefill_", "decode_")) WORKER_FIELDS.forEach(f -> r.add(role + f));
        r.add("silicon_ttft_ms");
        r.add("silicon_tpot_ms");
        return List.copyOf(r);
    }

    /** One {@code column=value} condition; numbers compare by value (8192 = 8192.0), text ignoring case. */
    public record Filter(String column, String value) {
        public static Filter parse(String s) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new UserInputException("--filter '" + s + "' must be column=value, e.g. system=h200_sxm");
            return new Filter(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }

        boolean matches(String cell) {
            if (cell == null) return value.isEmpty();
            String c = cell.strip();
            if (c.equalsIgnoreCase(value)) return true;
            try {
                return Double.parseDouble(c) == Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /**
     * An aggregated benchmark run as {@code tp N, ep N} (N GPUs, the experts spread over N ranks) as
     * the table records it on N x N GPUs in one of three ways: tp N x N or attention_dp N x N with
     * moe_tp = moe_ep = N, or tp = attention_dp = N with moe_ep N x N. Such rows' ids read
     * tpN_epN, and rows of the other collections hold the same measurements under the N-GPU
     * layout, so they are read as the benchmark ran. The batch limit per attention rank is the
     * concurrency over the recorded ranks, so it grows by the ranks folded together. Any other
     * layout is returned as recorded.
     */
    static SiliconRow.Workers asRun(SiliconRow.Workers w) {
        int tp = w.tp(), dp = w.dp(), moeTp = w.moeTp(), ep = w.ep();
        long gpus = (long) tp * dp;
        if (moeTp > 1 && moeTp == ep && gpus == (long) moeTp * ep && (tp == 1 || dp == 1)) {
            return dp == 1
                    ? new SiliconRow.Workers(w.count(), w.batch(), ep, w.pp(), 1, 1, ep, true)
                    : new SiliconRow.Workers(w.count(), w.batch() * (dp / ep), 1, w.pp(), ep, 1, ep, true);
        }
        if (moeTp == 1 && tp > 1 && tp == dp && ep == gpus) {
            return new SiliconRow.Workers(w.count(), w.batch() * dp, tp, w.pp(), 1, 1, tp, true);
        }
        return w;
    }

    /** The rows that pass every filter (all of them when there is none), in file order. */
    public static List<SiliconRow> read(Path file, List<Filter> filters) {
        if (!Files.isRegularFile(file)) throw new UserInputException(file + ": no such file");
        TableData t;
        try {
            t = CsvFiles.read(file);
        } catch (CsvFiles.MalformedCsvException e) {
            throw new UserInputException(e.getMessage() + " (not a silicon CSV?)");
        } catch (CharacterCodingException e) {
            throw new UserInputException(file + ": not a UTF-8 text file (expected aiconfigurator's silicon CSV)");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        List<String> missing = REQUIRED.stream().filter(c -> !t.has(c)).toList();
        if (!missing.isEmpty()) {
            throw new UserInputException(file + ": not a silicon CSV, missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing));
        }
        for (Filter f : filters) {
            if (!t.has(f.column())) {
                throw new UserInputException("--filter " + f.column() + "=" + f.value() + ": " + file + " has no column '"
                        + f.column() + "' (columns: " + String.join(", ", t.columnNames()) + ")");
            }
        }
        List<SiliconRow> rows = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            int row = r;
            if (filters.stream().allMatch(f -> f.matches(cell(t, f.column(), row)))) rows.add(parse(t, r));
        }
        return rows;
    }

    static String cell(TableData t, String column, int row) {
        return t.text(column).map(c -> c[row]).orElse(null);
    }

    private static SiliconRow parse(TableData t, int r) {
        var p = new Cells(t, r);
        String mode = p.text("mode").toLowerCase(Locale.ROOT);
        int isl = p.positive("isl"), osl = p.positive("osl");
        SiliconRow.Workers agg = null, prefill = null, decode = null;
        int concurrency = concurrency(p.optionalText("silicon_data_source"));
        if (mode.equals("disagg")) {
            prefill = p.workers("prefill_", p.count("prefill_num_workers"));
            decode = p.workers("decode_", p.count("decode_num_workers"));
        } else {
            agg = p.workers("", 1);
            if (concurrency == 0) concurrency = agg.batch();
        }
        if (!mode.equals("agg") && !mode.equals("disagg")) p.problem("mode '" + mode + "' is neither agg nor disagg");
        double ttft = p.measured("silicon_ttft_ms"), tpot = p.measured("silicon_tpot_ms");
        String id = p.optionalText("id");
        return new SiliconRow(r + 1, id == null ? "row" + (r + 1) : id, p.text("system"), p.text("backend").toLowerCase(Locale.ROOT),
                orEmpty(p.optionalText("backend_version")), p.text("model_path"), orEmpty(p.optionalText("precision")),
                p.optionalText("gemm_quant_mode"), p.optionalText("moe_quant_mode"), mode, isl, osl, concurrency, agg, prefill,
                decode, ttft, tpot, p.problem);
    }

    /**
     * A cell the row may leave empty, as "" when it does: no engine release (the newest collected
     * tables are used), no precision (the checkpoint runs in its own format, see {@link SiliconPlan}).
     */
    static String orEmpty(String v) {
        return v == null ? "" : v.strip();
    }

    /**
     * The benchmark's client count as silicon_data_source records it ("silicon_concurrency=128").
     * batch_size is the engine's per-rank batch limit, which differs from the concurrency under
     * attention data parallelism (512 clients over 4 ranks of 128), so it is only the fallback.
     */
    static int concurrency(String source) {
        if (source == null) return 0;
        Matcher m = CONCURRENCY.matcher(source);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Typed access to one row's cells; the first unreadable value is kept as the row's problem. */
    private static final class Cells {
        final TableData t;
        final int r;
        String problem;

        Cells(TableData t, int r) {
            this.t = t;
            this.r = r;
        }

        void problem(String why) {
            if (problem == null) problem = why;
        }

        String optionalText(String c) {
            return t.has(c) ? cell(t, c, r) : null;
        }

        String text(String c) {
            String v = cell(t, c, r);
            if (v == null || v.isBlank()) {
                problem(c + " is empty");
                return "";
            }
            return v.strip();
        }

        /** A whole number, or -1 (and a problem) when the cell holds something else. */
        private long whole(String c, String v) {
            try {
                double d = Double.parseDouble(v.strip());
                if (d == Math.rint(d) && d >= 0 && d < Integer.MAX_VALUE) return (long) d;
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(c + " '" + v + "' is not a whole number >= 0");
            return -1;
        }

        int positive(String c) {
            String v = cell(t, c, r);
            long n = v == null ? 0 : whole(c, v);
            if (n == 0) problem(c + " must be a positive whole number");
            return (int) Math.max(n, 0);
        }

        /** A worker or batch count: 0 when empty (not given). */
        int count(String c) {
            String v = cell(t, c, r);
            return v == null ? 0 : (int) Math.max(0, whole(c, v));
        }

        /**
         * A parallel size: empty and 0 both mean the dimension is not used (1). The source leaves
         * attention_dp_size and moe_*_size empty, or 0, for engines without those features.
         */
        int size(String c) {
            String v = cell(t, c, r);
            return v == null ? 1 : (int) Math.max(1, whole(c, v));
        }

        SiliconRow.Workers workers(String role, int count) {
            int tp = size(role + "tp_size"), moeTp = size(role + "moe_tp_size"), ep = size(role + "moe_ep_size");
            String dpCell = cell(t, role + "attention_dp_size", r);
            int dp = size(role + "attention_dp_size");
            // aiconfigurator's layouts run attention and experts on the same GPUs, so
            // tp x attention_dp = moe_tp x moe_ep (true of every row that gives all four, bar
            // three dense ones); an empty attention_dp_size is read from that identity
            if (dpCell == null || whole(role + "attention_dp_size", dpCell) == 0) {
                int experts = moeTp * ep;
                dp = experts > tp && experts % tp == 0 ? experts / tp : 1;
            }
            var recorded = new SiliconRow.Workers(count, count(role + "batch_size"), tp, size(role + "pp_size"), dp, moeTp, ep);
            // disagg workers record genuine moe_tp x moe_ep splits of their tp (8 = 2 x 4) and are read as recorded
            return role.isEmpty() ? asRun(recorded) : recorded;
        }

        double measured(String c) {
            String v = cell(t, c, r);
            double d;
            try {
                d = v == null ? Double.NaN : Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (!(d > 0) || Double.isInfinite(d)) problem(c + " '" + v + "' is not a positive number");
            return d;
        }
    }
}
