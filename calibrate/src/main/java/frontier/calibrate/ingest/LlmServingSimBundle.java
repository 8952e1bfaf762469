package frontier.calibrate.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What an LLMServingSim table's folder says about it: {@code <variant>/meta.yaml} names the model,
 * vLLM version and GPU, the {@code tp<N>} folder the tensor-parallel degree, and the variant
 * ("bf16", "bf16-kvfp8") the weight and KV-cache formats.
 */
record LlmServingSimBundle(ModelConfig model, int tp, String device, String vllmVersion, String dtype, String kvDtype) {
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Pattern TP = Pattern.compile("tp(\\d+)");

    /** Thrown with a message that says what is missing and how to supply it. */
    static final class Unusable extends Exception {
        Unusable(String message) { super(message); }
    }

    static LlmServingSimBundle of(Path table, ModelConfigs models) throws Unusable {
        Path tpDir = table.toAbsolutePath().getParent();
        Matcher m = tpDir == null ? null : TP.matcher(tpDir.getFileName().toString());
        if (m == null || !m.matches()) {
            throw new Unusable("table is not inside a tp<N>/ folder, so its tensor-parallel degree is unknown "
                    + "(LLMServingSim lays bundles out as <variant>/tp<N>/<table>.csv)");
        }
        int tp = Integer.parseInt(m.group(1));
        Path metaFile = tpDir.getParent().resolve("meta.yaml");
        if (!Files.isRegularFile(metaFile)) {
            throw new Unusable("no meta.yaml at " + metaFile
                    + " (it names the profiled model; keep it beside the tp<N>/ folders)");
        }
        JsonNode meta;
        try {
            meta = YAML.readTree(metaFile.toFile());
        } catch (RuntimeException e) {
            throw new Unusable(metaFile + " is not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        String id = meta.path("model").asString("");
        if (id.isBlank()) throw new Unusable(metaFile + " has no 'model' field");
        ModelConfig config = config(id, models);
        String device = meta.path("gpu").asString(meta.path("hardware").asString(null));
        String[] variant = meta.path("variant").asString("").toLowerCase(Locale.ROOT).split("-");
        Dtype weights = Dtype.parseOrNull(variant[0]);
        if (weights == null) weights = config.weightDtype();
        Dtype kv = weights;
        for (String part : variant) {
            Dtype named = part.startsWith("kv") ? Dtype.parseOrNull(part.substring(2)) : null;
            if (named != null) kv = named;
        }
        String vllm = meta.path("vllm_version").asString(null);
        return new LlmServingSimBundle(config, tp, device, vllm, weights.label(), kv.label());
    }

    private static ModelConfig config(String id, ModelConfigs models) throws Unusable {
        if (models.resolveId(id) == null) {
            throw new Unusable("no model config for '" + id + "': add its Hugging Face config.json as datasets/models/"
                    + id.replace("/", "--") + "/config.json, or map it to a config of the same architecture with a line '"
                    + id + "<TAB><config folder>' in datasets/models/ALIASES.tsv");
        }
        try {
            return models.load(id);
        } catch (RuntimeException e) {
            throw new Unusable("model config for '" + id + "' is unusable: " + e.getMessage());
        }
    }

    /** Attention heads on one GPU of this bundle's TP group. */
    AttentionHeads heads() {
        return AttentionHeads.perGpu(model.heads(), model.kvHeads(), model.headDim(), tp);
    }
}
