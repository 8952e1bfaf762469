package frontier.simulate.workload;

import java.math.BigDecimal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** JSON-lines helpers shared by the Mooncake and vLLM bench readers. */
final class JsonLines {
    private JsonLines() {}

    /** Floats as BigDecimal: engine timestamps carry nine decimals that a double would round. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static JsonNode object(String line) throws BadRow {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new BadRow("not valid JSON (" + firstLine(e) + ")", "fix the line");
        }
        if (node == null || !node.isObject()) throw new BadRow("not a JSON object", "each line must be one JSON object");
        return node;
    }

    /** True when the key is absent or null. */
    static boolean missing(JsonNode object, String key) {
        JsonNode v = object.get(key);
        return v == null || v.isNull();
    }

    static BigDecimal number(JsonNode object, String key) throws BadRow {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) throw new BadRow("'" + key + "' is missing", "add it to the line");
        if (!v.isNumber()) throw new BadRow("'" + key + "' is " + v + ", not a number", "fix the line");
        return v.decimalValue();
    }

    static long count(JsonNode object, String key) throws BadRow {
        return Numbers.wholeNumber(number(object, key), "'" + key + "'");
    }

    static String firstLine(JacksonException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
    }
}
