package frontier.calibrate.io;

import java.nio.file.Path;

import frontier.calibrate.UserInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads the YAML files users write (hardware profiles, deployments), with errors that name the file. */
public final class Yaml {
    private static final ObjectMapper MAPPER = YAMLMapper.builder().build();

    private Yaml() {}

    /** The file's top-level mapping; a syntax error or anything but a mapping is a one-line user error. */
    public static JsonNode readMapping(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new UserInputException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) throw new UserInputException(file + ": expected a YAML mapping");
        return root;
    }

    /** A value written inline ({@code 3000}, {@code true}, {@code {timeout_iters: 20}}); {@code where} starts any error. */
    public static JsonNode readValue(String text, String where) {
        JsonNode v;
        try {
            v = MAPPER.readTree(text);
        } catch (RuntimeException e) {
            throw new UserInputException(where + ": '" + text + "' is not a valid YAML value ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (v == null || v.isMissingNode() || v.isNull()) throw new UserInputException(where + ": a value is required");
        return v;
    }
}
