package frontier.simulate.validate;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.UserInputException;
import frontier.calibrate.io.Yaml;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.simulate.cluster.Deployments;
import frontier.simulate.workload.ClosedLoopSpec;
import frontier.simulate.workload.LengthDistribution;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a silicon row becomes a deployment and a workload. The deployment is built as the tree a
 * deployment YAML file holds, so it goes through the same defaults and checks as a user's file,
 * and a kept case can be rerun with {@code frontier simulate --deployment}.
 *
 * <p>Engine knobs the row does not give keep vLLM v1's defaults for every backend (block size 16,
 * chunked prefill, gpu_memory_utilization 0.9, CUDA graphs up to 512): the simulator's scheduler
 * is vLLM's. The rows do not name the KV cache's format (precision names the weight and GEMM
 * format, not the cache); see {@link #kvCacheDtype} for the one each row is given.
 */
public final class SiliconMapping {
    private SiliconMapping() {}

    /**
     * An engine setting the rows do not record, added to every cluster of one backend's rows
     * ({@code validate silicon --engine-setting BACKEND:KEY=VALUE}), with the meaning and checks
     * the key has in a deployment file.
     */
    public record EngineSetting(String backend, String key, JsonNode value) {
        public static EngineSetting parse(String text) {
            int colon = text.indexOf(':');
            int eq = text.indexOf('=', Math.max(colon, 0));
            String where = "--engine-setting " + text;
            if (colon <= 0 || eq < 0 || eq == colon + 1) {
                throw new UserInputException(where + ": expected BACKEND:KEY=VALUE, e.g. sglang:eager_host_us_per_op=200");
            }
            String backend = text.substring(0, colon).strip();
            if (!Deployments.ENGINES.contains(backend)) {
                throw new UserInputException(where + ": the backend must be one of "
                        + String.join(", ", Deployments.ENGINES.stream().sorted().toList()));
            }
            String key = text.substring(colon + 1, eq).strip();
            JsonNode value = Yaml.readValue(text.substring(eq + 1), where);
            Deployments.checkEngineSetting(backend, key, value, where);
            return new EngineSetting(backend, key, value);
        }

        @Override
        public String toString() {
            return backend + ":" + key + "=" + value;
        }
    }

    /**
     * The step token budget: 8192, the default of vLLM (max_num_batched_tokens), SGLang
     * (chunked_prefill_size) and TRT-LLM (max_num_tokens) on GPUs of this size, raised to the
     * prompt length so a prompt is never split only because of the default, and to the batch
     * limit the scheduler requires.
     */
    static int maxBatchedTokens(int isl, int maxSeqs) {
        return Math.max(8192, Math.max(isl, maxSeqs));
    }

    /** The row's precision as a deployment dtype label: fp8, fp4 (NVFP4/MXFP4), int4 (weight-only) or bfloat16. */
    static String dtype(String precision) {
        Dtype d = Dtype.parseOrNull(precision);
        return d == null ? null : d.label();
    }

    /** A quant mode as the deployment names it: block-scaled FP8 keeps its name (the tables time it apart), others their dtype's. */
    static String format(String quant) {
        String d = dtype(quant);
        return "fp8_block".equalsIgnoreCase(quant.strip()) ? "fp8_block" : d;
    }

    /** The projections' format as the deployment names it: the GEMM quant mode where the row gives a known one, else the precision. */
    static String gemmFormat(SiliconRow row) {
        return format(row.gemmQuant() != null && dtype(row.gemmQuant()) != null ? row.gemmQuant() : row.precision());
    }

    /** The experts' format: the MoE quant mode where the row gives a known one, else null (the projections' format). */
    static String moeFormat(SiliconRow row) {
        return row.moeQuant() != null && dtype(row.moeQuant()) != null ? format(row.moeQuant()) : null;
    }

    /**
     * The KV cache's format. Every engine's {@code auto} cache format follows the checkpoint: a
     * checkpoint NVIDIA publishes quantized ({@code nvidia/...-FP8}, {@code -NVFP4}) is a
     * ModelOpt export whose {@code hf_quant_config.json} sets {@code kv_cache_quant_algo: FP8},
     * so it caches in FP8 on vLLM, SGLang and TensorRT-LLM alike. TensorRT-LLM rows with FP8
     * projections cache in FP8 too: the benchmark configurations they come from (InferenceX's
     * trtllm-serve files for Llama-3.1-70B and DeepSeek-R1 FP8) set {@code fp8} outright. Every
     * other row caches in bf16, {@code auto} on a checkpoint that does not quantize its cache.
     */
    static String kvCacheDtype(SiliconRow row) {
        String precision = dtype(row.precision());
        boolean modelOpt = row.model().startsWith("nvidia/") && precision != null && !"bfloat16".equals(precision);
        boolean trtFp8 = "trtllm".equals(row.backend()) && gemmFormat(row).startsWith("fp8");
        return modelOpt || trtFp8 ? "fp8" : "bfloat16";
    }

    /** A row's GPU: how a deployment names it (a profile name or alias, or the path of a system file) and its figures. */
    record Hardware(String ref, HardwareProfile profile) {}

    /** The deployment tree of a simulable row, with the settings given for its backend added to each of its clusters. */
    static ObjectNode deployment(SiliconRow row, KernelTables.Choice kernels, Hardware gpu, List<EngineSetting> settings) {
        ObjectNode d = deployment(row, kernels, gpu);
        for (EngineSetting s : settings) {
            if (!s.backend().equals(row.backend())) continue;
            for (JsonNode c : d.path("clusters")) ((ObjectNode) c).set(s.key(), s.value().deepCopy());
        }
        return d;
    }

    /** The deployment tree of a simulable row (agg: one colocated cluster; disagg: prefill and decode clusters and a KV link). */
    static ObjectNode deployment(SiliconRow row, KernelTables.Choice kernels, Hardware gpu) {
        HardwareProfile hw = gpu.profile();
        ObjectNode d = frontier.calibrate.bundle.Json.MAPPER.createObjectNode();
        d.put("name", row.id());
        d.put("model", row.model());
        // the quant modes say which format the GEMMs and the experts use; precision is the headline
        d.put("dtype", gemmFormat(row));
        if (moeFormat(row) != null) d.put("moe_dtype", moeFormat(row));
        d.put("kv_cache_dtype", kvCacheDtype(row));
        d.put("hardware", gpu.ref());
        d.put("engine", row.backend());
        d.put("engine_version", row.backendVersion());
        var profiles = d.putObject("calibration").putArray("profiles");
        kernels.profiles().forEach(p -> profiles.add(portable(p)));
        d.put("router", "least_outstanding_tokens");
        var clusters = d.putArray("clusters");
        if (!row.disagg()) {
            // The dataset gives batch_size as the concurrency (over the attention ranks); where a row's batch is below
            // its clients per rank (some collections divide by every GPU) the engine still admitted all of them.
            int perRank = Math.ceilDiv(Math.max(row.concurrency(), 0), Math.max(row.agg().dp(), 1));
            var serve = cluster("serve", "colocated", row.agg(), 1, row.isl(), perRank);
            // the benchmarks turn on TensorRT-LLM's context balancing whenever attention runs data-parallel
            // (InferenceX's trtllm-serve configurations); TensorRT-LLM's own timeouts apply
            if ("trtllm".equals(row.backend()) && row.agg().dp() > 1) serve.put("attention_dp_balance", true);
            clusters.add(serve);
            return d;
        }
        var p = row.prefill();
        clusters.add(cluster("prefill", "prefill", p, p.count(), row.isl()));
        clusters.add(cluster("decode", "decode", row.decode(), row.decode().count(), row.isl()));
        // the KV cache leaves a prefill instance through its GPUs' links, one per GPU: NVLink where the
        // whole deployment sits in one NVLink domain (a rack-scale system such as GB200 NVL72), else the NICs
        boolean oneDomain = row.gpus() <= hw.gpusPerNode();
        var link = d.putArray("links").addObject();
        link.put("name", "kv");
        link.put("from", "prefill");
        link.put("to", "decode");
        link.put("bandwidth_gbps", (oneDomain ? hw.intraNodeBandwidth() : hw.interNodeBandwidth()) / 1e9 * p.gpusPerWorker());
        link.put("latency_us", (oneDomain ? hw.intraNodeLatency() : hw.interNodeLatency()) * 1e6);
        return d;
    }

    private static ObjectNode cluster(String name, String role, SiliconRow.Workers w, int instances, int isl) {
        return cluster(name, role, w, instances, isl, 1);
    }

    /** @param minSeqs the fewest sequences the engine must admit at once (its clients per attention rank) */
    private static ObjectNode cluster(String name, String role, SiliconRow.Workers w, int instances, int isl, int minSeqs) {
        ObjectNode c = frontier.calibrate.bundle.Json.MAPPER.createObjectNode();
        int seqs = Math.max(Math.max(w.batch(), 1), minSeqs);
        c.put("name", name);
        c.put("role", role);
        c.put("instances", instances);
        c.put("tp", w.tp());
        c.put("pp", w.pp());
        c.put("dp", w.dp());
        c.put("ep", w.ep());
        c.put("max_num_seqs", seqs);
        c.put("max_num_batched_tokens", maxBatchedTokens(isl, seqs));
        return c;
    }

    /** Paths under the project root are written relative to it, so a kept deployment file travels. */
    static String portable(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path root = ProjectPaths.root().toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    /**
     * A closed-loop run and the requests whose latencies are averaged: ids
     * {@code firstMeasured .. firstMeasured + measured - 1}.
     */
    record Protocol(ClosedLoopSpec spec, long firstMeasured, long measured) {
        boolean isMeasured(long id) { return id >= firstMeasured && id < firstMeasured + measured; }
    }

    /**
     * How a row's closed loop is run and which requests are averaged. In both, C clients (the
     * row's concurrency) start together and each sends its next request when the previous one
     * ends. Lengths are drawn as the benchmark client draws them: InferenceX's benchmark_serving
     * (random dataset, {@code --random-range-ratio 0.8}) takes each prompt and output length
     * uniformly from the whole numbers in [ratio x ISL, ISL] and [ratio x OSL, OSL]. Those varied
     * lengths are also what spreads the clients out after the first wave; with a ratio of 1
     * every length is the nominal one and the clients stay in step, as they would.
     *
     * <p>Means, not medians: the benchmarks (vLLM/SGLang benchmark_serving, as InferenceX runs
     * them) report mean TTFT and mean TPOT, and aiconfigurator's silicon tables carry those.
     */
    public enum Mode {
        /**
         * As the benchmarks ran: all C clients start together and 10 × C requests are sent
         * (InferenceX's {@code --num-prompts $((CONC * 10)) --max-concurrency $CONC}); the means
         * are over all of them, the first wave's queued prompts and the final drain included, as
         * the measured means are. aiconfigurator's own accuracy scripts replay silicon rows the
         * same way (conc × 10 requests, mean TTFT and TPOT).
         */
        BENCHMARK("benchmark"),
        /**
         * Steady state only: 2C warm-up requests (the first wave and a round while its prompts
         * clear), then max(3C, 100) measured, then C more that keep every client busy until the
         * last measured request ends.
         */
        STEADY_STATE("steady-state");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() { return label; }

        public static Mode parse(String s) {
            for (Mode m : values()) if (m.label.equals(s)) return m;
            return null;
        }
    }

    /** InferenceX's benchmark client: lengths uniform in [0.8 x nominal, nominal]. */
    public static final double DEFAULT_RANGE_RATIO = 0.8;

    /**
     * The closed loop of a row.
     *
     * @param requests   requests measured per case (benchmark: sent in all); 0 = the mode's default
     * @param rangeRatio lengths are drawn uniformly from [rangeRatio x nominal, nominal] (1: the nominal lengths)
     */
    static Protocol workload(SiliconRow row, Mode mode, long requests, double rangeRatio) {
        int c = row.concurrency();
        var in = lengths(row.isl(), rangeRatio);
        var out = lengths(row.osl(), rangeRatio);
        return switch (mode) {
            case BENCHMARK -> {
                long n = requests > 0 ? Math.max(requests, c) : 10L * c;
                yield new Protocol(new ClosedLoopSpec(c, n, in, out, 0, 0), 0, n);
            }
            case STEADY_STATE -> {
                long n = requests > 0 ? requests : Math.max(3L * c, 100);
                yield new Protocol(new ClosedLoopSpec(c, 3L * c + n, in, out, 0, 2L * c), 2L * c, n);
            }
        };
    }

    /** Whole numbers from floor(ratio x nominal) to nominal, as the benchmark client's integer draw gives them. */
    static LengthDistribution lengths(int nominal, double rangeRatio) {
        int low = Math.max(1, (int) (nominal * rangeRatio));
        return low >= nominal ? new LengthDistribution.Fixed(nominal) : new LengthDistribution.Uniform(low, nominal);
    }

    static String describe(SiliconRow row) {
        if (!row.disagg()) {
            var a = row.agg();
            return String.format(Locale.ROOT, "tp%d pp%d dp%d ep%d bs%d", a.tp(), a.pp(), a.dp(), a.ep(), a.batch());
        }
        var p = row.prefill();
        var d = row.decode();
        return String.format(Locale.ROOT, "P %dx(tp%d dp%d ep%d bs%d) D %dx(tp%d dp%d ep%d bs%d)", p.count(), p.tp(), p.dp(),
                p.ep(), p.batch(), d.count(), d.tp(), d.dp(), d.ep(), d.batch());
    }
}
