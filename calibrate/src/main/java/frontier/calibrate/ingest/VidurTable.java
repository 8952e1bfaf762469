package frontier.calibrate.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.io.TableData;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Provenance;

/**
 * One Vidur-style table as the Vidur mappers read it: per-op timing statistics converted from
 * milliseconds to microseconds, shape columns with their defaults, and the provenance the path
 * implies. Column names differ between Vidur and the Frontier profilers' generations, so every
 * optional column is looked up by name and missing ones fall back explicitly.
 */
final class VidurTable {
    private static final String STATS = "time_stats.";
    /** GPU folder names used by Vidur and Frontier profile trees ("a800", "h100_dgx", ...). */
    private static final Set<String> GPUS = Set.of("a100", "a800", "a40", "a10", "a10g", "a30", "h100", "h800", "h200",
            "h20", "l4", "l40", "l40s", "v100", "t4", "b100", "b200", "gb200", "rtx4090", "mi250", "mi300x");

    final TableData t;
    final String file;
    final int rows;
    private final String device;
    private final String framework;
    private final boolean kernelOnly;

    VidurTable(TableData t) {
        this.t = t;
        this.file = t.source().toString();
        this.rows = t.rows();
        this.device = deviceFromPath(t.source());
        this.framework = frameworkFromPath(t.source());
        // CUDA-event timings include launch gaps that a kernel-only trace (CUDA graph replay) does
        // not pay; the kernel name carries the difference so the two are never fitted as one.
        String[] type = t.text("measurement_type").orElse(null);
        this.kernelOnly = type != null && type.length > 0 && "KERNEL_ONLY".equalsIgnoreCase(type[0]);
    }

    static boolean isVidur(TableData t) {
        return t.columnNames().stream().anyMatch(c -> c.startsWith(STATS));
    }

    /** Ops with timing columns, in column order. */
    List<String> ops() {
        Set<String> ops = new LinkedHashSet<>();
        for (String c : t.columnNames()) {
            if (!c.startsWith(STATS)) continue;
            int dot = c.lastIndexOf('.');
            if (dot > STATS.length()) ops.add(c.substring(STATS.length(), dot));
        }
        return new ArrayList<>(ops);
    }

    /**
     * An op's timings in µs. {@code present} is false where the cell is empty: the profiler did
     * not run that op for that row (e.g. norms only at TP 1), which is not a bad measurement.
     */
    record Timing(double[] medianUs, double[] stdUs, boolean[] present) {}

    /** The op's timings, or null when the table has no median column for it. */
    Timing timing(String op) {
        String median = STATS + op + ".median";
        double[] ms = t.numeric(median).orElse(null);
        if (ms == null) return null;
        String[] cells = t.text(median).orElseThrow();
        boolean[] present = new boolean[rows];
        for (int i = 0; i < rows; i++) present[i] = cells[i] != null;
        double[] std = t.numeric(STATS + op + ".std").orElseGet(() -> nan(rows));
        return new Timing(msToUs(ms), msToUs(std), present);
    }

    /** Runs {@code body} for each op with a median column; an op without one is counted as unusable. */
    void forEachOp(IngestReport out, BiConsumer<String, Timing> body) {
        for (String op : ops()) {
            Timing timing = timing(op);
            if (timing == null) rejectOp(out, op, "no median column");
            else body.accept(op, timing);
        }
    }

    private static double[] msToUs(double[] ms) {
        double[] us = new double[ms.length];
        for (int i = 0; i < ms.length; i++) us[i] = ms[i] * 1000;
        return us;
    }

    double[] num(String name) {
        return t.numeric(name).orElse(null);
    }

    double[] numOr(String name, double fallback) {
        return t.numeric(name).orElseGet(() -> {
            double[] d = new double[rows];
            Arrays.fill(d, fallback);
            return d;
        });
    }

    /** The first of several spellings a column has had across profiler versions. */
    double[] firstOf(String... names) {
        for (String n : names) {
            double[] d = num(n);
            if (d != null) return d;
        }
        return null;
    }

    /** A true/false column; missing values and a missing column read as false. */
    boolean[] flag(String name) {
        double[] v = t.numeric(name).orElseGet(() -> nan(rows));
        boolean[] b = new boolean[rows];
        for (int i = 0; i < rows; i++) b[i] = v[i] == 1;
        return b;
    }

    String[] text(String name) {
        return t.text(name).orElse(new String[rows]);
    }

    /** Rejects every row for a missing column and returns true, so callers can stop early. */
    boolean missing(IngestReport out, String what, String... columns) {
        for (String c : columns) {
            if (!t.has(c)) {
                out.reject(file, what + ": missing column '" + c + "'", rows);
                return true;
            }
        }
        return false;
    }

    /** Counts every row that has a value for this op under one reason. */
    void rejectOp(IngestReport out, String op, String reason) {
        Timing timing = timing(op);
        long present = rows;
        if (timing != null) {
            present = 0;
            for (boolean p : timing.present()) if (p) present++;
        }
        out.reject(file, op + ": " + reason, present);
    }

    Provenance provenance(String kernel) {
        return new Provenance(file, device, framework, null, kernelOnly ? kernel + ":kernel_only" : kernel);
    }

    /**
     * The GEMM element type: a quantization signature naming fp8 means the weights (and the
     * GEMM) ran in fp8 even where the profiling precision column still says BF16.
     */
    String[] gemmDtype() {
        String[] quant = text("quant_signature"), precision = text("profiling_precision");
        String[] out = new String[rows];
        for (int i = 0; i < rows; i++) {
            Dtype d = quantMethod(quant[i]);
            if (d == null) d = Dtype.parseOrNull(precision[i]);
            out[i] = (d == null ? Dtype.BF16 : d).label();
        }
        return out;
    }

    /** "method=fp8|act=none|..." names the weight format; "none" means unquantized. */
    private static Dtype quantMethod(String signature) {
        if (signature == null) return null;
        for (String part : signature.split("\\|")) {
            String p = part.strip();
            if (p.startsWith("method=")) return Dtype.parseOrNull(p.substring("method=".length()));
        }
        return Dtype.parseOrNull(signature);
    }

    /** One measurement per row that ran the op; a present but unusable value is rejected by {@link RowCheck}. */
    void emit(IngestReport out, Timing timing, Family family, IntFunction<double[]> shape,
              IntFunction<String[]> categories, Provenance provenance) {
        for (int i = 0; i < rows; i++) {
            if (!timing.present()[i]) continue;
            RowCheck.accept(out, file, family, shape.apply(i), categories.apply(i), timing.medianUs()[i],
                    timing.stdUs()[i], provenance);
        }
    }

    /**
     * Per-GPU attention heads of every row ({@code vocab} may be all NaN). Rows of a table without
     * head counts get NaN widths, which {@link RowCheck} rejects with the column named.
     */
    AttentionHeads[] heads(double[] embd, double[] vocab, double[] tp, KnownHeadDims known) {
        double[] q = firstOf("n_head", "n_q_head");
        double[] kv = firstOf("n_kv_head");
        double[] dim = firstOf("head_dim", "head_size");
        AttentionHeads[] out = new AttentionHeads[rows];
        for (int i = 0; i < rows; i++) {
            double heads = q == null ? Double.NaN : q[i];
            double kvHeads = kv == null ? heads : kv[i];
            double headDim = dim != null ? dim[i] : known.headDim(embd[i], heads, kvHeads, vocab[i]);
            out[i] = AttentionHeads.perGpu(heads, kvHeads, headDim, tp[i]);
        }
        return out;
    }

    /** The deepest path folder named after a GPU, or its prefix before '_' ("a100_dgx" → "a100"). */
    static String deviceFromPath(Path file) {
        String found = null;
        for (Path part : file) {
            String name = part.toString().toLowerCase(Locale.ROOT);
            int cut = name.indexOf('_');
            String head = cut > 0 ? name.substring(0, cut) : name;
            if (GPUS.contains(name)) found = name;
            else if (GPUS.contains(head)) found = head;
        }
        return found;
    }

    /**
     * "frontier", "vidur" or "torch" (kernels measured straight from PyTorch, as
     * calibrate/bench/gpu/measure_token_ops.py does) after the deepest folder so named; Vidur where
     * the path says none.
     */
    static String frameworkFromPath(Path file) {
        String found = "vidur";
        for (Path part : file) {
            String name = part.toString().toLowerCase(Locale.ROOT);
            if (name.equals("vidur") || name.equals("frontier") || name.equals("torch")) found = name;
        }
        return found;
    }

    /** "[1024, 2048]" → {1024, 2048}; null for a missing or unparsable list. */
    static double[] list(String s) {
        if (s == null) return null;
        String body = s.strip();
        if (!body.startsWith("[") || !body.endsWith("]")) return null;
        body = body.substring(1, body.length() - 1).strip();
        if (body.isEmpty()) return new double[0];
        String[] parts = body.split(",");
        double[] out = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i].strip());
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    static double[] nan(int n) {
        double[] d = new double[n];
        Arrays.fill(d, Double.NaN);
        return d;
    }
}
