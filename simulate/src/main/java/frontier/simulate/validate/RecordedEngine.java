package frontier.simulate.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import frontier.calibrate.UserInputException;
import frontier.calibrate.bundle.Json;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine a recorded vLLM run ran with, read from its meta.json as the keys of a deployment
 * file's cluster. Each setting comes from the first place the run records it: what vLLM resolved
 * at boot ({@code kv_cache}, {@code resolved_config}), then the arguments the engine was started
 * with ({@code engine_kwargs}); a setting recorded nowhere keeps vLLM's default. Resolved values
 * win because they are what ran: the KV blocks vLLM profiled, the capture sizes it chose.
 *
 * @param cluster      the cluster keys (layout and engine settings)
 * @param dtype        the projections' format: the engine's {@code quantization}, else the
 *                     checkpoint's quantized format, else the engine's {@code dtype}
 * @param kvCacheDtype the recorded {@code kv_cache_dtype} ({@code auto} when none is)
 * @param sources      for each cluster key read from the run, where in meta.json it was found
 * @param notModelled  engine arguments the run gives that the replay does not model, as {@code key=value}
 */
public record RecordedEngine(ObjectNode cluster, String dtype, String kvCacheDtype, Map<String, String> sources,
                             List<String> notModelled) {

    private enum Kind { COUNT, FRACTION, FLAG, SIZES, TEXT }

    /** A cluster key and where a run may record it, most authoritative first. */
    private record Setting(String key, Kind kind, List<String> paths) {}

    private static final List<Setting> SETTINGS = List.of(
            new Setting("tp", Kind.COUNT, List.of("resolved_config.parallel_config.tensor_parallel_size", "engine_kwargs.tensor_parallel_size")),
            new Setting("pp", Kind.COUNT, List.of("resolved_config.parallel_config.pipeline_parallel_size", "engine_kwargs.pipeline_parallel_size")),
            new Setting("dp", Kind.COUNT, List.of("resolved_config.parallel_config.data_parallel_size", "engine_kwargs.data_parallel_size")),
            new Setting("enable_expert_parallel", Kind.FLAG, List.of("resolved_config.parallel_config.enable_expert_parallel",
                    "engine_kwargs.enable_expert_parallel")),
            new Setting("max_num_seqs", Kind.COUNT, List.of("resolved_config.scheduler_config.max_num_seqs", "engine_kwargs.max_num_seqs")),
            new Setting("max_num_batched_tokens", Kind.COUNT, List.of("resolved_config.scheduler_config.max_num_batched_tokens",
                    "engine_kwargs.max_num_batched_tokens")),
            new Setting("enable_chunked_prefill", Kind.FLAG, List.of("resolved_config.scheduler_config.enable_chunked_prefill",
                    "engine_kwargs.enable_chunked_prefill")),
            new Setting("async_scheduling", Kind.FLAG, List.of("resolved_config.scheduler_config.async_scheduling",
                    "engine_kwargs.async_scheduling")),
            new Setting("block_size", Kind.COUNT, List.of("kv_cache.block_size", "resolved_config.cache_config.block_size",
                    "engine_kwargs.block_size")),
            new Setting("gpu_memory_utilization", Kind.FRACTION, List.of("kv_cache.gpu_memory_utilization",
                    "resolved_config.cache_config.gpu_memory_utilization", "engine_kwargs.gpu_memory_utilization")),
            new Setting("enable_prefix_caching", Kind.FLAG, List.of("kv_cache.enable_prefix_caching",
                    "resolved_config.cache_config.enable_prefix_caching", "engine_kwargs.enable_prefix_caching")),
            // vLLM's front end sums the blocks its data-parallel engines report; an override is per engine
            new Setting("num_gpu_blocks", Kind.COUNT, List.of("kv_cache.num_gpu_blocks", "resolved_config.cache_config.num_gpu_blocks",
                    "engine_kwargs.num_gpu_blocks_override")),
            new Setting("max_model_len", Kind.COUNT, List.of("engine_kwargs.max_model_len")),
            new Setting("enforce_eager", Kind.FLAG, List.of("resolved_config.model_config.enforce_eager", "engine_kwargs.enforce_eager")),
            new Setting("cudagraph_capture_sizes", Kind.SIZES, List.of("resolved_config.compilation_config.cudagraph_capture_sizes",
                    "engine_kwargs.cudagraph_capture_sizes", "engine_kwargs.cuda_graph_sizes")),
            new Setting("disable_custom_all_reduce", Kind.FLAG, List.of("resolved_config.parallel_config.disable_custom_all_reduce",
                    "engine_kwargs.disable_custom_all_reduce")),
            new Setting("kv_cache_dtype", Kind.TEXT, List.of("resolved_config.cache_config.cache_dtype", "engine_kwargs.kv_cache_dtype")),
            new Setting("quantization", Kind.TEXT, List.of("engine_kwargs.quantization")),
            new Setting("dtype", Kind.TEXT, List.of("engine_kwargs.dtype")));

    /** Engine arguments that do not change how long a step takes. */
    private static final Set<String> TIMELESS = Set.of("model", "seed", "skip_tokenizer_init", "tokenizer", "served_model_name",
            "trust_remote_code", "revision", "download_dir");

    /** The engine arguments the settings above read. */
    private static final Set<String> MODELLED = SETTINGS.stream().flatMap(s -> s.paths().stream())
            .filter(p -> p.startsWith("engine_kwargs.")).map(p -> p.substring("engine_kwargs.".length()))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Reads the engine of the run whose meta.json is {@code meta}, serving {@code model}. */
    public static RecordedEngine read(JsonNode meta, Path metaFile, ModelConfig model) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Setting s : SETTINGS) {
            for (String path : s.paths()) {
                JsonNode v = at(meta, path);
                if (v == null || v.isNull()) continue;
                if (!fits(v, s.kind())) {
                    // what vLLM resolved is recorded as it printed it (a long list becomes a "<list len=67>" tag)
                    if (path.startsWith("engine_kwargs.")) {
                        throw new UserInputException(metaFile + ": " + path + " must be " + expected(s.kind()) + ", got " + v);
                    }
                    continue;
                }
                found.put(s.key(), v);
                sources.put(s.key(), path);
                break;
            }
        }
        int tp = found.containsKey("tp") ? found.get("tp").asInt() : 1;
        int pp = found.containsKey("pp") ? found.get("pp").asInt() : 1;
        int dp = found.containsKey("dp") ? found.get("dp").asInt() : 1;
        boolean ep = found.containsKey("enable_expert_parallel") && found.get("enable_expert_parallel").asBoolean();
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("name", "bench");
        c.put("role", "colocated");
        // data parallelism without expert parallelism is independent replicas behind one front end
        c.put("instances", ep ? 1 : dp);
        c.put("tp", tp);
        c.put("pp", pp);
        c.put("dp", ep ? dp : 1);
        c.put("ep", ep ? dp * tp : 1);
        for (var e : found.entrySet()) {
            switch (e.getKey()) {
                case "tp", "pp", "dp", "enable_expert_parallel", "kv_cache_dtype", "quantization", "dtype" -> { }
                case "num_gpu_blocks" -> c.put("num_gpu_blocks", sources.get("num_gpu_blocks").startsWith("engine_kwargs.")
                        ? e.getValue().asInt() : Math.max(1, e.getValue().asInt() / dp));
                case "disable_custom_all_reduce" -> c.put("custom_all_reduce", !e.getValue().asBoolean());
                default -> c.set(e.getKey(), e.getValue());
            }
        }
        String dtype = dtype(found.get("quantization"), model, found.get("dtype"), sources, metaFile);
        String kv = found.containsKey("kv_cache_dtype") ? found.get("kv_cache_dtype").asString() : "auto";
        if (!"auto".equals(kv) && Dtype.parseOrNull(kv) == null) {
            throw new UserInputException(metaFile + ": " + sources.get("kv_cache_dtype") + " '" + kv + "' is not a known format");
        }
        List<String> notModelled = new ArrayList<>();
        for (var e : meta.path("engine_kwargs").properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            // null, false and "auto" leave the engine as it would be without the argument
            if (v.isNull() || MODELLED.contains(k) || TIMELESS.contains(k) || v.isBoolean() && !v.asBoolean()
                    || v.isString() && "auto".equals(v.asString())) {
                continue;
            }
            notModelled.add(k + "=" + (v.isString() ? v.asString() : v.toString()));
        }
        return new RecordedEngine(c, dtype, kv, sources, notModelled);
    }

    /** The projections' format: the engine's quantization, else a quantized checkpoint's own, else the activations' dtype. */
    private static String dtype(JsonNode quantization, ModelConfig model, JsonNode dtype, Map<String, String> sources, Path metaFile) {
        if (quantization != null) {
            Dtype q = Dtype.parseOrNull(quantization.asString());
            if (q == null) {
                throw new UserInputException(metaFile + ": engine_kwargs.quantization '" + quantization.asString()
                        + "' is not a format the kernel tables time (fp8, nvfp4, mxfp4, int8, awq, gptq)");
            }
            return q.label();
        }
        if (model.weightDtype() != null && model.weightDtype() != Dtype.BF16 && model.weightDtype() != Dtype.FP32) {
            sources.put("dtype", "the checkpoint's quantization_config");
            return model.weightDtype().label();
        }
        if (dtype == null) return Dtype.BF16.label();
        Dtype d = Dtype.parseOrNull(dtype.asString());
        if (d == null) throw new UserInputException(metaFile + ": engine_kwargs.dtype '" + dtype.asString() + "' is not a known format");
        return d.label();
    }

    private static JsonNode at(JsonNode root, String dotted) {
        JsonNode n = root;
        for (String part : dotted.split("\\.")) {
            n = n.get(part);
            if (n == null) return null;
        }
        return n;
    }

    private static boolean fits(JsonNode v, Kind kind) {
        return switch (kind) {
            case COUNT -> v.isIntegralNumber() && v.asLong() > 0 && v.asLong() <= Integer.MAX_VALUE;
            case FRACTION -> v.isNumber() && v.asDouble() > 0 && v.asDouble() <= 1;
            case FLAG -> v.isBoolean();
            case SIZES -> {
                if (!v.isArray() || v.isEmpty()) yield false;
                for (JsonNode n : v) if (!n.isIntegralNumber() || n.asLong() <= 0) yield false;
                yield true;
            }
            case TEXT -> v.isString() && !v.asString().isBlank();
        };
    }

    private static String expected(Kind kind) {
        return switch (kind) {
            case COUNT -> "a positive integer";
            case FRACTION -> "a number in (0, 1]";
            case FLAG -> "true or false";
            case SIZES -> "a list of positive integers";
            case TEXT -> "a name";
        };
    }
}
