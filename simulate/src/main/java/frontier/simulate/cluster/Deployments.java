package frontier.simulate.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import frontier.calibrate.UserInputException;
import frontier.calibrate.hardware.Dtype;
import tools.jackson.databind.JsonNode;

/** Reads deployment YAML files; every field has vLLM's default, every unknown key is an error. */
public final class Deployments {
    /**
     * The spelling a user gave for a format when it names a variant the kernel tables keep apart
     * ("fp8_block": block-scaled FP8 beside per-tensor "fp8"); null when it is just the dtype.
     */
    public static String format(String given, Dtype dtype) {
        if (given == null) return null;
        String n = given.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        return Dtype.parseOrNull(n) == dtype && !n.equals(dtype.label()) ? n : null;
    }

    /** The engines whose scheduling and kernel tables a deployment can name. */
    public static final Set<String> ENGINES = java.util.Collections.unmodifiableSequencedSet(new java.util.LinkedHashSet<>(
            List.of("vllm", "sglang", "trtllm")));
    private static final Set<String> TOP = Set.of("name", "model", "dtype", "kv_cache_dtype", "hardware", "engine",
            "engine_version", "calibration", "router", "clusters", "links", "moe_routing", "moe_dtype");
    private static final Set<String> CALIBRATION = Set.of("bundle", "profiles", "attention_backend");
    private static final Set<String> CLUSTER = Set.of("name", "role", "instances", "tp", "pp", "dp", "ep",
            "max_num_seqs", "max_num_batched_tokens", "enable_chunked_prefill", "block_size", "gpu_memory_utilization",
            "num_gpu_blocks", "enable_prefix_caching", "cudagraph_capture_sizes", "enforce_eager", "max_model_len",
            "watermark", "step_overhead_us", "two_batch_overlap", "micro_batches", "async_scheduling", "mixed_prefill_decode",
            "attention_dp_balance", "batch_wait", "new_token_reserve", "eager_host_us_per_op", "custom_all_reduce");
    private static final Set<String> DP_BALANCE = Set.of("timeout_iters", "batching_wait_iters");
    private static final Set<String> BATCH_WAIT = Set.of("timeout_iters", "max_tokens_ratio");
    private static final Set<String> RESERVE = Set.of("init_ratio", "min_ratio", "decay_steps", "clip_tokens");
    private static final Set<String> LINK = Set.of("name", "from", "to", "bandwidth_gbps", "latency_us", "layerwise", "router");

    private Deployments() {}

    private static Role roleOf(List<ClusterSpec> clusters, String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).map(ClusterSpec::role).findFirst().orElse(null);
    }

    public static DeploymentSpec load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such deployment file (see simulate/examples/ for examples)");
        }
        return parse(frontier.calibrate.io.Yaml.readMapping(file), file);
    }

    /**
     * A deployment from a tree with the file's keys, for programs that build deployments (batch
     * validation): the same defaults and checks as a file. {@code file} names the source in
     * messages and anchors relative paths.
     */
    public static DeploymentSpec parse(JsonNode root, Path file) {
        var f = new Fields(file.toString(), "");
        f.known(root, TOP);
        String model = f.text(root, "model", null);
        if (model == null) throw new UserInputException(file + ": field 'model' is required (a Hugging Face config.json path or a model id)");
        Dtype dtype = f.dtype(root, "dtype", Dtype.BF16);
        String kv = f.text(root, "kv_cache_dtype", "auto");
        Dtype kvDtype = kv.equals("auto") ? (dtype == Dtype.FP8 || dtype == Dtype.FP4 || dtype == Dtype.INT4_WEIGHT_ONLY ? Dtype.BF16 : dtype)
                : f.dtype(root, "kv_cache_dtype", Dtype.BF16);
        String hardware = f.text(root, "hardware", null);
        if (hardware == null) throw new UserInputException(file + ": field 'hardware' is required (a name in hardware-profiles/)");
        String engine = f.text(root, "engine", "vllm").toLowerCase(java.util.Locale.ROOT);
        if (!ENGINES.contains(engine)) {
            throw new UserInputException(file + ": engine '" + engine + "' is not one of " + String.join(", ", ENGINES));
        }
        String version = f.text(root, "engine_version", "");
        Path base = file.toAbsolutePath().getParent();
        Path bundle = null;
        List<Path> profiles = new ArrayList<>();
        String backend = "auto";
        JsonNode cal = root.path("calibration");
        if (cal.isObject()) {
            var cf = new Fields(file.toString(), "calibration.");
            cf.known(cal, CALIBRATION);
            String b = cf.text(cal, "bundle", null);
            if (b != null) bundle = resolve(base, b);
            for (JsonNode p : cal.path("profiles")) profiles.add(resolve(base, p.asString()));
            backend = cf.text(cal, "attention_backend", "auto");
        }
        RouterPolicy router = RouterPolicy.parse(f.text(root, "router", "round_robin"));
        if (router == null) {
            throw new UserInputException(file + ": router '" + root.path("router").asString() + "' is not one of round_robin, least_outstanding_tokens, prefix_affinity");
        }
        List<ClusterSpec> clusters = new ArrayList<>();
        JsonNode cs = root.path("clusters");
        if (!cs.isArray() || cs.isEmpty()) throw new UserInputException(file + ": 'clusters' must list at least one cluster");
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode c : cs) {
            var spec = cluster(c, new Fields(file.toString(), "clusters[" + i + "]."), i, engine, version);
            if (!names.add(spec.name())) throw new UserInputException(file + ": two clusters are named '" + spec.name() + "'");
            clusters.add(spec);
            i++;
        }
        List<LinkSpec> links = new ArrayList<>();
        i = 0;
        for (JsonNode l : root.path("links")) {
            var lf = new Fields(file.toString(), "links[" + i + "].");
            lf.known(l, LINK);
            String from = lf.text(l, "from", null), to = lf.text(l, "to", null);
            if (from == null || to == null || !names.contains(from) || !names.contains(to)) {
                throw new UserInputException(file + ": links[" + i + "] must name existing clusters in 'from' and 'to' (clusters: " + names + ")");
            }
            boolean kvLink = roleOf(clusters, from) == Role.PREFILL && roleOf(clusters, to) == Role.DECODE;
            if (!kvLink && (l.has("layerwise") || l.has("router"))) {
                throw new UserInputException(file + ": links[" + i + "].layerwise and .router apply to a link from a prefill cluster "
                        + "to a decode cluster; '" + from + "' -> '" + to + "' is not one");
            }
            String routerName = lf.text(l, "router", RouterPolicy.LEAST_OUTSTANDING_TOKENS.label());
            RouterPolicy pairing = RouterPolicy.parse(routerName);
            if (pairing == null || pairing == RouterPolicy.PREFIX_AFFINITY) {
                throw new UserInputException(file + ": links[" + i + "].router '" + routerName
                        + "' is not one of round_robin, least_outstanding_tokens");
            }
            links.add(new LinkSpec(lf.text(l, "name", from + "->" + to), from, to, lf.positive(l, "bandwidth_gbps", 50) * 1e9,
                    Math.round(lf.nonNegative(l, "latency_us", 10) * 1000), lf.bool(l, "layerwise", false), pairing));
            i++;
        }
        String name = f.text(root, "name", file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        Dtype moeDtype = f.dtype(root, "moe_dtype", dtype);
        String gemmFormat = format(f.text(root, "dtype", null), dtype);
        String moeFormat = root.has("moe_dtype") ? format(f.text(root, "moe_dtype", null), moeDtype) : gemmFormat;
        return new DeploymentSpec(name, model, dtype, kvDtype, hardware, engine, version, bundle, profiles, backend, router,
                f.text(root, "moe_routing", "uniform"), clusters, links, file, moeDtype, gemmFormat, moeFormat);
    }

    /** A cluster's engine settings: its keys less those that lay it out (name, role, instance count, parallel sizes). */
    public static Set<String> engineKeys() {
        Set<String> keys = new java.util.TreeSet<>(CLUSTER);
        keys.removeAll(Set.of("name", "role", "instances", "tp", "pp", "dp", "ep"));
        return keys;
    }

    /**
     * Reads one engine setting as a cluster of {@code engine} would, so a setting given apart from
     * a file (on a command line) fails once, up front, with a message that starts with {@code where}.
     */
    public static void checkEngineSetting(String engine, String key, JsonNode value, String where) {
        Set<String> known = engineKeys();
        if (!known.contains(key)) {
            throw new UserInputException(where + ": '" + key + "' is not an engine setting (known: " + String.join(", ", known) + ")");
        }
        var c = frontier.calibrate.bundle.Json.MAPPER.createObjectNode();
        c.set(key, value);
        cluster(c, new Fields(where, ""), 0, engine, "");
    }

    private static ClusterSpec cluster(JsonNode c, Fields f, int index, String engineName, String version) {
        f.known(c, CLUSTER);
        String name = f.text(c, "name", "cluster" + index);
        Role role = Role.parse(f.text(c, "role", "colocated"));
        if (role == null) throw new UserInputException(f.where("role") + " must be one of colocated, prefill, decode, attention, ffn");
        var layout = new Layout(f.integer(c, "instances", 1), f.integer(c, "tp", 1), f.integer(c, "pp", 1),
                f.integer(c, "dp", 1), f.integer(c, "ep", 1));
        var d = EngineSettings.vllmDefaults();
        int[] sizes = d.cudaGraphSizes();
        if (c.has("cudagraph_capture_sizes")) {
            List<Integer> s = new ArrayList<>();
            for (JsonNode n : c.get("cudagraph_capture_sizes")) {
                if (!n.isInt() || n.asInt() <= 0) throw new UserInputException(f.where("cudagraph_capture_sizes") + " must list positive integers");
                s.add(n.asInt());
            }
            sizes = s.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        if (f.bool(c, "enforce_eager", false)) sizes = new int[0];
        double util = f.positive(c, "gpu_memory_utilization", d.gpuMemoryUtilization());
        if (util > 1) throw new UserInputException(f.where("gpu_memory_utilization") + " must be at most 1.0, got " + util);
        var engine = new EngineSettings(f.integer(c, "max_num_seqs", d.maxNumSeqs()),
                f.integer(c, "max_num_batched_tokens", d.maxNumBatchedTokens()),
                f.bool(c, "enable_chunked_prefill", d.chunkedPrefill()), f.integer(c, "block_size", d.blockSize()), util,
                c.path("num_gpu_blocks").isNull() || !c.has("num_gpu_blocks") ? 0 : f.integer(c, "num_gpu_blocks", 0),
                f.bool(c, "enable_prefix_caching", d.prefixCaching()), sizes,
                c.path("max_model_len").isNull() || !c.has("max_model_len") ? 0 : f.integer(c, "max_model_len", 0),
                f.nonNegative(c, "watermark", d.watermark()), f.nonNegative(c, "step_overhead_us", d.stepOverheadUs()),
                f.bool(c, "two_batch_overlap", d.twoBatchOverlap()), f.integer(c, "micro_batches", d.microBatches()),
                f.bool(c, "async_scheduling", EngineSettings.asyncByDefault(engineName, version, role, layout.pp())),
                f.bool(c, "mixed_prefill_decode", !"sglang".equals(engineName)), dpBalance(c, f), batchWait(c, f),
                newTokenReserve(c, f, engineReserve(engineName, role)), f.nonNegative(c, "eager_host_us_per_op", 0),
                f.bool(c, "custom_all_reduce", true));
        return new ClusterSpec(name, role, layout, engine);
    }

    /** {@code attention_dp_balance}: true (TensorRT-LLM's own values), false, or timeout_iters and batching_wait_iters. */
    private static AttentionDpBalance dpBalance(JsonNode c, Fields f) {
        JsonNode v = c.get("attention_dp_balance");
        if (v == null || v.isNull()) return null;
        if (v.isBoolean()) return v.asBoolean() ? AttentionDpBalance.TRTLLM_DEFAULTS : null;
        var sub = new Fields(f.file(), f.prefix() + "attention_dp_balance.");
        sub.known(v, DP_BALANCE);
        var d = AttentionDpBalance.TRTLLM_DEFAULTS;
        return new AttentionDpBalance(sub.count(v, "timeout_iters", d.timeoutIters()),
                sub.count(v, "batching_wait_iters", d.batchingWaitIters()));
    }

    /**
     * The admission rule an engine's scheduler applies by default: SGLang's reserve on a colocated
     * server, TensorRT-LLM's no-evict guarantee on every server that decodes (colocated and
     * generation-only); vLLM none.
     */
    private static NewTokenReserve engineReserve(String engine, Role role) {
        return switch (engine) {
            case "sglang" -> role == Role.COLOCATED ? NewTokenReserve.SGLANG_DEFAULTS : null;
            case "trtllm" -> role == Role.COLOCATED || role == Role.DECODE ? NewTokenReserve.TRTLLM_GUARANTEED_NO_EVICT : null;
            default -> null;
        };
    }

    /**
     * {@code new_token_reserve}: true (SGLang's values), false, or its four values; by default the
     * engine's own rule ({@link #engineReserve}).
     */
    private static NewTokenReserve newTokenReserve(JsonNode c, Fields f, NewTokenReserve byDefault) {
        JsonNode v = c.get("new_token_reserve");
        if (v == null || v.isNull()) return byDefault;
        if (v.isBoolean()) return v.asBoolean() ? NewTokenReserve.SGLANG_DEFAULTS : null;
        var sub = new Fields(f.file(), f.prefix() + "new_token_reserve.");
        sub.known(v, RESERVE);
        var d = NewTokenReserve.SGLANG_DEFAULTS;
        double init = sub.nonNegative(v, "init_ratio", d.initRatio()), min = sub.nonNegative(v, "min_ratio", d.minRatio());
        if (!(min <= init && init <= 1)) {
            throw new UserInputException(sub.where("min_ratio") + " and init_ratio must satisfy min_ratio <= init_ratio <= 1, got "
                    + min + " and " + init);
        }
        return new NewTokenReserve(init, min, sub.integer(v, "decay_steps", d.decaySteps()), sub.integer(v, "clip_tokens", d.clipTokens()));
    }

    /** {@code batch_wait}: timeout_iters and max_tokens_ratio, both required. */
    private static BatchWait batchWait(JsonNode c, Fields f) {
        JsonNode v = c.get("batch_wait");
        if (v == null || v.isNull()) return null;
        var sub = new Fields(f.file(), f.prefix() + "batch_wait.");
        sub.known(v, BATCH_WAIT);
        for (String k : BATCH_WAIT) {
            if (!v.has(k)) throw new UserInputException(sub.where(k) + " is required (TensorRT-LLM's batch_wait_" + k + ")");
        }
        double ratio = sub.nonNegative(v, "max_tokens_ratio", 0);
        if (ratio > 1) throw new UserInputException(sub.where("max_tokens_ratio") + " must be at most 1, got " + ratio);
        return new BatchWait(sub.count(v, "timeout_iters", 0), ratio);
    }

    private static Path resolve(Path base, String p) {
        Path path = Path.of(p);
        if (path.isAbsolute()) return path;
        Path fromFile = base.resolve(p);
        if (Files.exists(fromFile)) return fromFile.normalize();
        Path fromHome = frontier.calibrate.ProjectPaths.root().resolve(p);
        return Files.exists(fromHome) ? fromHome.normalize() : path;
    }

    /**
     * Typed field access with messages that name the source and the field: {@code file} is the file
     * (or, for a setting given on a command line, the option), {@code prefix} the place in its tree.
     */
    private record Fields(String file, String prefix) {
        String where(String field) {
            return file + ": " + prefix + field;
        }

        void known(JsonNode node, Set<String> allowed) {
            if (!node.isObject()) throw new UserInputException(file + ": " + (prefix.isEmpty() ? "the file" : prefix) + " must be a mapping");
            for (String k : node.propertyNames()) {
                if (!allowed.contains(k)) {
                    throw new UserInputException(where(k) + " is not a known field (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        String text(JsonNode n, String field, String fallback) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() ? fallback : v.asString();
        }

        int integer(JsonNode n, String field, int fallback) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) return fallback;
            if (!v.isIntegralNumber() || v.asInt() <= 0) throw new UserInputException(where(field) + " must be a positive integer, got '" + v + "'");
            return v.asInt();
        }

        int count(JsonNode n, String field, int fallback) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) return fallback;
            if (!v.isIntegralNumber() || v.asInt() < 0) throw new UserInputException(where(field) + " must be a whole number >= 0, got '" + v + "'");
            return v.asInt();
        }

        double positive(JsonNode n, String field, double fallback) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) return fallback;
            if (!v.isNumber() || !(v.asDouble() > 0)) throw new UserInputException(where(field) + " must be a positive number, got '" + v + "'");
            return v.asDouble();
        }

        double nonNegative(JsonNode n, String field, double fallback) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) return fallback;
            if (!v.isNumber() || v.asDouble() < 0) throw new UserInputException(where(field) + " must be a number >= 0, got '" + v + "'");
            return v.asDouble();
        }

        boolean bool(JsonNode n, String field, boolean fallback) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) return fallback;
            if (!v.isBoolean()) throw new UserInputException(where(field) + " must be true or false, got '" + v + "'");
            return v.asBoolean();
        }

        Dtype dtype(JsonNode n, String field, Dtype fallback) {
            String s = text(n, field, null);
            if (s == null) return fallback;
            Dtype d = Dtype.parseOrNull(s);
            if (d == null) throw new UserInputException(where(field) + ": unknown format '" + s + "' (bfloat16, fp8, int8, nvfp4, int4_wo ...)");
            return d;
        }
    }
}
