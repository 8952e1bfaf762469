package frontier.calibrate.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.UserInputException;
import frontier.calibrate.hardware.Dtype;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds and parses Hugging Face configs: a path to a {@code config.json} (or its folder), or a
 * model id ("meta-llama/Llama-3.1-8B") looked up under {@code datasets/models/} as
 * {@code <org>--<name>/config.json} or through {@code datasets/models/ALIASES.tsv}.
 */
public final class ModelConfigs {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path folder;

    public ModelConfigs(Path folder) {
        this.folder = folder;
    }

    public static ModelConfigs shipped() {
        return new ModelConfigs(ProjectPaths.datasets().resolve("models"));
    }

    public ModelConfig load(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("config.json"))) return parse(p.resolve("config.json"), nameOrPath);
        if (Files.isRegularFile(p)) return parse(p, nameOrPath);
        Path file = resolveId(nameOrPath);
        if (file == null) {
            throw new UserInputException("unknown model '" + nameOrPath + "': give a path to a Hugging Face config.json or one of: "
                    + String.join(", ", known()));
        }
        return parse(file, nameOrPath);
    }

    /**
     * The config file for a model id, or null. A local checkout that no longer exists here is
     * found by the hub id its path ends in: {@code /data/meta-llama/Llama-3.1-8B}, or a hub
     * cache's {@code .../models--meta-llama--Llama-3.1-8B/snapshots/<hash>}.
     */
    public Path resolveId(String id) {
        Path found = resolveHubId(id);
        if (found != null || !id.contains("/")) return found;
        String[] parts = id.replaceAll("/+$", "").split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (parts[i].startsWith("models--") && parts[i].length() > "models--".length()) {
                return resolveHubId(parts[i].substring("models--".length()).replaceFirst("--", "/"));
            }
        }
        return parts.length > 2 ? resolveHubId(parts[parts.length - 2] + "/" + parts[parts.length - 1]) : null;
    }

    private Path resolveHubId(String id) {
        String dir = id.replace("/", "--");
        Path direct = folder.resolve(dir).resolve("config.json");
        if (Files.isRegularFile(direct)) return direct;
        String alias = aliases().get(id);
        if (alias != null && Files.isRegularFile(folder.resolve(alias).resolve("config.json"))) {
            return folder.resolve(alias).resolve("config.json");
        }
        // case-insensitive match on the name part ("llama-3.1-8b" finds "Meta-Llama-3.1-8B" only via alias)
        for (String k : known()) {
            if (k.equalsIgnoreCase(id) || k.replace("/", "--").equalsIgnoreCase(dir)) {
                return folder.resolve(k.replace("/", "--")).resolve("config.json");
            }
        }
        return null;
    }

    public List<String> known() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(folder)) return ids;
        try (Stream<Path> dirs = Files.list(folder)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("config.json")))
                    .map(d -> d.getFileName().toString().replaceFirst("--", "/"))
                    .sorted().forEach(ids::add);
        } catch (IOException e) {
            return ids;
        }
        ids.addAll(aliases().keySet());
        return ids;
    }

    private Map<String, String> aliases() {
        Map<String, String> m = new LinkedHashMap<>();
        Path tsv = folder.resolve("ALIASES.tsv");
        if (!Files.isRegularFile(tsv)) return m;
        try {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (f.length >= 2 && !f[0].equals("model_id")) m.put(f[0].strip(), f[1].strip());
            }
        } catch (IOException e) {
            return m;
        }
        return m;
    }

    static ModelConfig parse(Path file, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new UserInputException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode c = root.has("text_config") && root.get("text_config").has("hidden_size") ? root.get("text_config") : root;
        String arch = root.path("architectures").path(0).asString(c.path("model_type").asString("unknown"));
        int hidden = req(c, "hidden_size", file);
        int layers = req(c, "num_hidden_layers", file);
        int heads = req(c, "num_attention_heads", file);
        int kvHeads = opt(c, "num_key_value_heads", heads);
        int headDim = opt(c, "head_dim", hidden / heads);
        int inter = opt(c, "intermediate_size", 4 * hidden);
        int vocab = req(c, "vocab_size", file);
        int maxPos = opt(c, "max_position_embeddings", 4096);
        boolean tied = c.path("tie_word_embeddings").asBoolean(false);
        String modelType = c.path("model_type").asString("");
        boolean qkNorm = modelType.startsWith("qwen3") || c.has("use_qk_norm") && c.get("use_qk_norm").asBoolean();
        boolean qkNormAcrossHeads = qkNorm && "per_layer".equals(c.path("qk_norm_type").asString(""));

        int window = c.path("sliding_window").isNumber() ? c.get("sliding_window").asInt() : 0;
        int slidingLayers = 0;
        if (window > 0) {
            JsonNode types = c.path("layer_types");
            if (types.isArray()) {
                for (JsonNode t : types) if (t.asString("").contains("sliding")) slidingLayers++;
            } else if (c.path("use_sliding_window").asBoolean(true)) {
                slidingLayers = layers;
            } else {
                window = 0;
            }
        }

        ModelConfig.Moe moe = null;
        int experts = firstInt(c, 0, "num_experts", "num_local_experts", "n_routed_experts");
        if (experts > 1) {
            int topK = firstInt(c, 0, "num_experts_per_tok", "experts_per_token", "moe_topk");
            int expertInter = firstInt(c, inter, "moe_intermediate_size");
            int shared = firstInt(c, 0, "n_shared_experts", "num_shared_experts");
            int sharedInter = firstInt(c, 0, "shared_expert_intermediate_size");
            if (shared == 0 && sharedInter > 0) shared = 1;
            if (shared > 0 && sharedInter == 0) sharedInter = expertInter;
            int dense = firstInt(c, 0, "first_k_dense_replace");
            JsonNode mlpOnly = c.path("mlp_only_layers");
            if (mlpOnly.isArray()) dense += mlpOnly.size();
            int step = firstInt(c, 1, "decoder_sparse_step", "moe_layer_freq");
            if (step > 1) dense = layers - layers / step;
            moe = new ModelConfig.Moe(experts, topK, expertInter, shared, sharedInter, Math.min(dense, layers));
        }

        ModelConfig.Mla mla = null;
        if (c.has("kv_lora_rank") && c.get("kv_lora_rank").isNumber()) {
            mla = new ModelConfig.Mla(c.get("kv_lora_rank").asInt(), opt(c, "q_lora_rank", 0),
                    opt(c, "qk_nope_head_dim", 128), opt(c, "qk_rope_head_dim", 64), opt(c, "v_head_dim", 128));
            headDim = mla.qkNopeHeadDim() + mla.qkRopeHeadDim();
        }

        ModelConfig.LinearAttention linear = null;
        if (c.has("linear_num_value_heads")) {
            int linearLayers = 0;
            JsonNode types = c.path("layer_types");
            if (types.isArray()) {
                for (JsonNode t : types) if (t.asString("").contains("linear")) linearLayers++;
            } else if (c.path("full_attention_interval").asInt(0) > 0) {
                linearLayers = layers - layers / c.get("full_attention_interval").asInt();
            }
            if (linearLayers > 0) {
                int vHeads = c.get("linear_num_value_heads").asInt();
                linear = new ModelConfig.LinearAttention(linearLayers, opt(c, "linear_num_key_heads", vHeads), vHeads,
                        opt(c, "linear_key_head_dim", 128), opt(c, "linear_value_head_dim", 128), opt(c, "linear_conv_kernel_dim", 4));
            }
        }
        Dtype weights = weightDtype(root, c);
        JsonNode quant = root.has("quantization_config") ? root.get("quantization_config") : c.path("quantization_config");
        return new ModelConfig(name, arch, hidden, layers, heads, kvHeads, headDim, inter, vocab, maxPos, tied, qkNorm, qkNormAcrossHeads,
                window, slidingLayers, moe, mla, weights, linear, unquantized(quant));
    }

    /**
     * The layer groups a quantization config leaves out: compressed-tensors' {@code ignore}
     * (module names, or regular expressions after {@code re:}), Hugging Face's
     * {@code modules_to_not_convert} (module names, {@code *} for any one name part). A group is
     * left out when an entry covers its modules, the entry matching whole parts of a module's
     * dotted name ({@code gate}, a router, does not cover {@code gate_proj}).
     */
    static ModelConfig.Unquantized unquantized(JsonNode q) {
        List<String> entries = new ArrayList<>();
        for (String key : List.of("ignore", "modules_to_not_convert", "ignored_layers", "exclude_modules")) {
            for (JsonNode e : q.path(key)) if (e.isString()) entries.add(e.asString());
        }
        if (entries.isEmpty()) return ModelConfig.Unquantized.NONE;
        List<java.util.regex.Pattern> patterns = entries.stream().map(ModelConfigs::modulePattern).toList();
        java.util.function.Predicate<String> left = n -> patterns.stream().anyMatch(p -> p.matcher(n).lookingAt());
        boolean attention = left.test("model.layers.1.self_attn.q_proj") && left.test("model.layers.1.self_attn.o_proj");
        boolean shared = left.test("model.layers.1.mlp.shared_experts.gate_proj") || left.test("model.layers.1.mlp.shared_expert.gate_proj");
        boolean dense = left.test("model.layers.0.mlp.gate_proj") && left.test("model.layers.0.mlp.down_proj");
        return new ModelConfig.Unquantized(attention, shared, dense);
    }

    private static java.util.regex.Pattern modulePattern(String entry) {
        if (entry.startsWith("re:")) return java.util.regex.Pattern.compile(entry.substring(3));
        StringBuilder glob = new StringBuilder();
        for (String part : entry.split("\\.", -1)) {
            if (!glob.isEmpty()) glob.append("\\.");
            glob.append("*".equals(part) ? "[^.]+" : java.util.regex.Pattern.quote(part));
        }
        // whole dotted parts anywhere in the name: the module itself or any module inside it
        return java.util.regex.Pattern.compile("(.*\\.)?" + glob + "(\\..*)?$");
    }

    private static Dtype weightDtype(JsonNode root, JsonNode c) {
        JsonNode q = root.has("quantization_config") ? root.get("quantization_config") : c.path("quantization_config");
        if (q.isObject()) {
            String method = q.path("quant_method").asString("").toLowerCase(java.util.Locale.ROOT);
            String algo = q.path("quant_algo").asString("").toLowerCase(java.util.Locale.ROOT);
            if (method.contains("fp8") || algo.contains("fp8")) return Dtype.FP8;
            if (method.contains("mxfp4") || algo.contains("fp4") || method.contains("nvfp4")) return Dtype.FP4;
            if (method.contains("awq") || method.contains("gptq") || method.contains("compressed")) {
                int bits = q.path("bits").asInt(q.path("config_groups").path("group_0").path("weights").path("num_bits").asInt(4));
                return bits == 8 ? Dtype.INT8 : Dtype.INT4_WEIGHT_ONLY;
            }
        }
        Dtype d = Dtype.parseOrNull(c.path("torch_dtype").asString(root.path("torch_dtype").asString("bfloat16")));
        return d == null ? Dtype.BF16 : d;
    }

    private static int req(JsonNode c, String field, Path file) {
        JsonNode v = c.get(field);
        if (v == null || !v.isNumber() || v.asInt() <= 0) {
            throw new UserInputException(file + ": field '" + field + "' is missing or not a positive integer");
        }
        return v.asInt();
    }

    private static int opt(JsonNode c, String field, int fallback) {
        JsonNode v = c.get(field);
        return v != null && v.isNumber() && v.asInt() > 0 ? v.asInt() : fallback;
    }

    private static int firstInt(JsonNode c, int fallback, String... fields) {
        for (String f : fields) {
            JsonNode v = c.get(f);
            if (v != null && v.isNumber()) return v.asInt();
        }
        return fallback;
    }
}
