package frontier.calibrate.ingest;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.io.TableData;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Provenance;

/**
 * aiconfigurator collector tables ({@code <table>_perf.parquet}, latency in milliseconds).
 * The table kind is read from the file name, and framework/version from the folder layout
 * {@code <system>/<kind>/<framework>/<version>/} when the columns do not carry them.
 */
public record AiconfiguratorReader() implements ProfileReader {

    @Override public String format() { return "aiconfigurator"; }

    @Override
    public boolean recognizes(TableData t) {
        boolean latency = t.has("latency");
        return latency && t.has("kernel_source") && t.has("op_name") && tableKind(t.source()) != null;
    }

    static String tableKind(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem.endsWith("_perf") ? stem.substring(0, stem.length() - "_perf".length()) : null;
    }

    @Override
    public void read(TableData t, IngestReport out) {
        String file = t.source().toString();
        String kind = tableKind(t.source());
        switch (kind) {
            case "gemm" -> gemm(t, out, file);
            case "context_attention" -> contextAttention(t, out, file);
            case "generation_attention" -> generationAttention(t, out, file);
            case "moe" -> moe(t, out, file);
            case "custom_allreduce" -> collective(t, out, file, "allreduce_dtype");
            case "nccl" -> collective(t, out, file, "nccl_dtype");
            case "context_mla", "mla_context_module" -> mla(t, out, file, true);
            case "generation_mla", "mla_generation_module" -> mla(t, out, file, false);
            default -> out.skip(file + ": aiconfigurator table '" + kind + "' is not used by Frontier's operator families");
        }
    }

    private static Provenance[] provenance(TableData t, String file) {
        int n = t.rows();
        String[] framework = t.text("framework").orElse(null);
        String[] version = t.text("version").orElse(null);
        String[] device = t.text("device").orElse(null);
        String[] kernel = t.text("kernel_source").orElse(new String[n]);
        String[] fromPath = frameworkVersionFromPath(t.source());
        Provenance[] out = new Provenance[n];
        Provenance last = null;
        for (int i = 0; i < n; i++) {
            String fw = fromPath[0] != null ? fromPath[0] : lower(framework == null ? null : framework[i]);
            String ver = fromPath[1] != null ? fromPath[1] : (version == null ? null : version[i]);
            var p = new Provenance(file, device == null ? null : device[i], fw, ver, kernel[i]);
            out[i] = p.equals(last) ? last : p;
            last = out[i];
        }
        return out;
    }

    /** {@code .../<kind>/<framework>/<version>/<table>.parquet}; nulls where the layout differs. */
    static String[] frameworkVersionFromPath(Path file) {
        Path version = file.getParent();
        Path framework = version == null ? null : version.getParent();
        if (framework == null || framework.getFileName() == null) return new String[2];
        String fw = framework.getFileName().toString().toLowerCase(Locale.ROOT);
        return switch (fw) {
            case "vllm", "sglang", "trtllm", "nccl" -> new String[] {fw, version.getFileName().toString()};
            default -> new String[2];
        };
    }

    private static String lower(String s) { return s == null ? null : s.toLowerCase(Locale.ROOT); }

    private static double[] col(TableData t, String name, IngestReport out, String file) {
        Optional<double[]> c = t.numeric(name);
        if (c.isEmpty()) {
            out.reject(file, "missing column '" + name + "'", t.rows());
            return null;
        }
        return c.get();
    }

    private static double[] colOr(TableData t, String name, double fallback) {
        return t.numeric(name).orElseGet(() -> {
            double[] d = new double[t.rows()];
            java.util.Arrays.fill(d, fallback);
            return d;
        });
    }

    private static String[] textCol(TableData t, String name, IngestReport out, String file) {
        Optional<String[]> c = t.text(name);
        if (c.isEmpty()) {
            out.reject(file, "missing column '" + name + "'", t.rows());
            return null;
        }
        return c.get();
    }

    private static void gemm(TableData t, IngestReport out, String file) {
        double[] m = col(t, "m", out, file), n = col(t, "n", out, file), k = col(t, "k", out, file);
        double[] lat = col(t, "latency", out, file);
        String[] dtype = textCol(t, "gemm_dtype", out, file);
        if (m == null || n == null || k == null || lat == null || dtype == null) return;
        Provenance[] prov = dispatched(provenance(t, file), i -> dtype[i], i -> m[i] + "|" + n[i] + "|" + k[i]);
        for (int i = 0; i < t.rows(); i++) {
            RowCheck.accept(out, file, Family.GEMM, new double[] {m[i], n[i], k[i]}, new String[] {dtype[i]},
                    lat[i] * 1000, Double.NaN, prov[i]);
        }
    }

    /**
     * Where rows of one format name several kernels but time every shape once, the framework chose
     * the kernel per shape (vLLM 0.24's block-scaled fp8 GEMM: FlashInfer up to 17 tokens,
     * DeepGEMM from 32, CUTLASS for narrow k; its attention: FlashAttention 4 for the widest
     * heads), and serving makes the same choice: the rows are one operator, named for the kernels
     * it dispatches to. Binding one of them would price every shape with a kernel measured over a
     * part of them. A suffix every kernel shares (":module") stays at the end of the name.
     *
     * @param category the row's format, the rows that may be one operator
     * @param shape    the row's shape, to tell a dispatch (each shape once) from rival kernels (shapes repeated)
     */
    static Provenance[] dispatched(Provenance[] prov, java.util.function.IntFunction<String> category,
                                   java.util.function.IntFunction<String> shape) {
        String[] cats = new String[prov.length];
        java.util.Map<String, java.util.TreeSet<String>> kernels = new java.util.HashMap<>();
        java.util.Set<String> timed = new java.util.HashSet<>(), rivals = new java.util.HashSet<>();
        for (int i = 0; i < prov.length; i++) {
            String c = cats[i] = category.apply(i);
            if (c == null) continue;
            kernels.computeIfAbsent(c, x -> new java.util.TreeSet<>()).add(prov[i].kernel() == null ? "" : prov[i].kernel());
            if (!timed.add(c + "|" + shape.apply(i))) rivals.add(c);
        }
        java.util.Map<String, String> names = new java.util.HashMap<>();
        kernels.forEach((c, ks) -> {
            if (ks.size() < 2 || rivals.contains(c)) return;
            String suffix = ks.first().contains(":") ? ks.first().substring(ks.first().indexOf(':')) : "";
            boolean shared = !suffix.isEmpty() && ks.stream().allMatch(k -> k.endsWith(suffix));
            names.put(c, "dispatch:" + String.join("+", ks.stream().map(k -> shared ? k.substring(0, k.length() - suffix.length()) : k).toList())
                    + (shared ? suffix : ""));
        });
        Provenance[] out = prov.clone();
        for (int i = 0; i < prov.length; i++) {
            String name = cats[i] == null ? null : names.get(cats[i]);
            if (name != null) out[i] = prov[i].withKernel(name);
        }
        return out;
    }

    private static void contextAttention(TableData t, IngestReport out, String file) {
        double[] b = col(t, "batch_size", out, file), isl = col(t, "isl", out, file);
        double[] h = col(t, "num_heads", out, file), kvh = col(t, "num_key_value_heads", out, file);
        double[] hd = col(t, "head_dim", out, file), lat = col(t, "latency", out, file);
        String[] kvDtype = textCol(t, "kv_cache_dtype", out, file);
        if (b == null || isl == null || h == null || kvh == null || hd == null || lat == null || kvDtype == null) return;
        double[] prefix = colOr(t, "prefix", 0);
        double[] window = colOr(t, "window_size", 0);
        String[] attn = t.text("attn_dtype").orElse(null);
        Provenance[] prov = provenance(t, file);
        boolean[] fp8Math = new boolean[t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            // fp8 attention arithmetic (an fp8 context FMHA) is another kernel than bf16 arithmetic over the same fp8
            // cache: the SGLang and TensorRT-LLM tables time both at every shape, about a quarter apart
            fp8Math[i] = attn != null && attn[i] != null && Dtype.parseOrNull(attn[i]) == Dtype.FP8;
            if (fp8Math[i]) prov[i] = prov[i].withKernel(prov[i].kernel() + ":fp8_attention");
        }
        prov = dispatched(prov, i -> kvDtype[i] + "|" + fp8Math[i],
                i -> b[i] + "|" + isl[i] + "|" + prefix[i] + "|" + h[i] + "|" + kvh[i] + "|" + hd[i] + "|" + window[i]);
        for (int i = 0; i < t.rows(); i++) {
            double kv = isl[i] + prefix[i];
            RowCheck.accept(out, file, Family.ATTENTION_PREFILL,
                    new double[] {b[i], isl[i], kv, kv, h[i], kvh[i], hd[i], window[i]},
                    new String[] {kvDtype[i]}, lat[i] * 1000, Double.NaN, prov[i]);
        }
    }

    private static void generationAttention(TableData t, IngestReport out, String file) {
        double[] b = col(t, "batch_size", out, file), step = col(t, "step", out, file);
        double[] h = col(t, "num_heads", out, file), kvh = col(t, "num_key_value_heads", out, file);
        double[] hd = col(t, "head_dim", out, file), lat = col(t, "latency", out, file);
        String[] kvDtype = textCol(t, "kv_cache_dtype", out, file);
        if (b == null || step == null || h == null || kvh == null || hd == null || lat == null || kvDtype == null) return;
        double[] window = colOr(t, "window_size", 0);
        Provenance[] prov = dispatched(provenance(t, file), i -> kvDtype[i],
                i -> b[i] + "|" + step[i] + "|" + h[i] + "|" + kvh[i] + "|" + hd[i] + "|" + window[i]);
        for (int i = 0; i < t.rows(); i++) {
            // step is the number of tokens already cached; the new token attends to those plus itself
            double kv = step[i] + 1;
            RowCheck.accept(out, file, Family.ATTENTION_DECODE,
                    new double[] {b[i], kv, kv, h[i], kvh[i], hd[i], window[i]},
                    new String[] {kvDtype[i]}, lat[i] * 1000, Double.NaN, prov[i]);
        }
    }

    private static void moe(TableData t, IngestReport out, String file) {
        double[] tokens = col(t, "num_tokens", out, file), hidden = col(t, "hidden_size", out, file);
        double[] inter = col(t, "inter_size", out, file), topk = col(t, "topk", out, file);
        double[] experts = col(t, "num_experts", out, file), tp = col(t, "moe_tp_size", out, file);
        double[] ep = col(t, "moe_ep_size", out, file), lat = col(t, "latency", out, file);
        String[] dtype = textCol(t, "moe_dtype", out, file);
        String[] dist = textCol(t, "distribution", out, file);
        if (tokens == null || hidden == null || inter == null || topk == null || experts == null || tp == null
                || ep == null || lat == null || dtype == null || dist == null) return;
        Provenance[] prov = dispatched(provenance(t, file), i -> dtype[i], i -> tokens[i] + "|" + hidden[i] + "|" + inter[i] + "|"
                + topk[i] + "|" + experts[i] + "|" + tp[i] + "|" + ep[i] + "|" + dist[i]);
        for (int i = 0; i < t.rows(); i++) {
            var routing = frontier.calibrate.features.ExpertLoad.Routing.parse(dist[i]);
            if (routing == null) {
                out.reject(file, "moe: unknown distribution '" + dist[i] + "'");
                continue;
            }
            var load = frontier.calibrate.features.ExpertLoad.expected(routing, tokens[i], topk[i], experts[i], ep[i]);
            RowCheck.accept(out, file, Family.MOE,
                    new double[] {tokens[i], hidden[i], inter[i], topk[i], experts[i], tp[i], ep[i],
                            routing.skew(), load.rankMaxRatio(), load.expertCv()},
                    new String[] {dtype[i]}, lat[i] * 1000, Double.NaN, prov[i]);
        }
    }

    private static void collective(TableData t, IngestReport out, String file, String dtypeColumn) {
        double[] gpus = col(t, "num_gpus", out, file), size = col(t, "message_size", out, file);
        double[] lat = col(t, "latency", out, file);
        String[] op = textCol(t, "op_name", out, file);
        if (gpus == null || size == null || lat == null || op == null) return;
        String[] dtype = t.text(dtypeColumn).orElse(new String[t.rows()]);
        Provenance[] prov = provenance(t, file);
        for (int i = 0; i < t.rows(); i++) {
            Family f = switch (op[i] == null ? "" : op[i].toLowerCase(Locale.ROOT)) {
                case "all_reduce", "allreduce" -> Family.ALLREDUCE;
                case "all_gather", "allgather" -> Family.ALLGATHER;
                case "reduce_scatter" -> Family.REDUCE_SCATTER;
                case "alltoall", "all_to_all" -> Family.ALLTOALL;
                default -> null;
            };
            if (f == null) {
                out.reject(file, "collective: unknown op_name '" + op[i] + "'");
                continue;
            }
            // message_size counts elements (tokens x hidden), not bytes: int8 rows take half the time of half rows
            var format = frontier.calibrate.hardware.Dtype.parseOrNull(dtype[i]);
            double bytes = size[i] * (format == null ? 2 : Math.max(1, format.bytesPerElement()));
            // single-node collection: every rank shares the node
            RowCheck.accept(out, file, f, new double[] {bytes, gpus[i], gpus[i]}, new String[] {dtype[i]},
                    lat[i] * 1000, Double.NaN, prov[i]);
        }
    }

    private static void mla(TableData t, IngestReport out, String file, boolean prefill) {
        double[] b = col(t, "batch_size", out, file), isl = col(t, "isl", out, file);
        double[] step = col(t, "step", out, file), h = col(t, "num_heads", out, file);
        double[] lat = col(t, "latency", out, file);
        String[] dtype = textCol(t, "mla_dtype", out, file);
        String[] kvDtype = textCol(t, "kv_cache_dtype", out, file);
        if (b == null || isl == null || step == null || h == null || lat == null || dtype == null || kvDtype == null) return;
        // module tables time the whole attention block, projections included, and record the
        // projections' format; kernel tables time the attention kernel alone
        boolean module = tableKind(t.source()).contains("module");
        String[] gemm = t.text("gemm_type").orElse(null);
        Provenance[] prov = provenance(t, file);
        String[] format = new String[t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            format[i] = module && gemm != null && gemm[i] != null ? gemm[i] : dtype[i];
            if (module) prov[i] = prov[i].withKernel(prov[i].kernel() + ":module");
        }
        prov = dispatched(prov, i -> format[i] + "|" + kvDtype[i], i -> b[i] + "|" + isl[i] + "|" + step[i] + "|" + h[i]);
        for (int i = 0; i < t.rows(); i++) {
            // num_heads is already the per-GPU head count (the tables shrink it with tp_size)
            double heads = h[i];
            if (prefill) {
                double kv = isl[i] + step[i];
                RowCheck.accept(out, file, Family.MLA_PREFILL, new double[] {b[i], isl[i], kv, heads},
                        new String[] {format[i], kvDtype[i]}, lat[i] * 1000, Double.NaN, prov[i]);
            } else {
                RowCheck.accept(out, file, Family.MLA_DECODE, new double[] {b[i], step[i] + 1, heads},
                        new String[] {format[i], kvDtype[i]}, lat[i] * 1000, Double.NaN, prov[i]);
            }
        }
    }
}
