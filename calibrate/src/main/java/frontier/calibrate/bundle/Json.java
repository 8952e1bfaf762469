package frontier.calibrate.bundle;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper: pretty-printed, keys in insertion order, so outputs diff cleanly. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {}

    /** NaN is not JSON: absent numbers are written as null. */
    public static Double number(double v) {
        return Double.isFinite(v) ? round(v) : null;
    }

    public static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
