package frontier.simulate.workload;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.UserInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a YAML workload spec (schema in simulate/examples/workloads/README.md). Every key is
 * checked against the ones its section allows, so a misspelt key fails with the allowed list
 * instead of being silently ignored.
 */
final class WorkloadYaml {
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    static final List<String> KINDS = List.of("trace", "synthetic", "closed_loop");
    static final List<String> DISTRIBUTIONS = List.of("fixed", "uniform", "lognormal", "trace");
    static final List<String> PROCESSES = List.of("poisson", "gamma");

    private final Path file;
    private final boolean skipBadRows;
    /** Length tables by resolved path: one table object per file, so input and output can share rows. */
    private final Map<Path, LengthTable> tables = new HashMap<>();

    private WorkloadYaml(Path file, boolean skipBadRows) {
        this.file = file;
        this.skipBadRows = skipBadRows;
    }

    static WorkloadSpec parse(Path file, boolean skipBadRows) {
        return new WorkloadYaml(file, skipBadRows).parse();
    }

    private WorkloadSpec parse() {
        if (!Files.isRegularFile(file)) throw new UserInputException(file + ": no such file; check the path");
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file)) {
            while (it.hasNextValue()) documents.add(it.nextValue());
        } catch (JacksonException e) {
            var at = e.getLocation();
            String line = at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "";
            throw new UserInputException(file + line + ": not valid YAML (" + JsonLines.firstLine(e) + "); fix the syntax", e);
        }
        documents.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
        if (documents.isEmpty()) throw new UserInputException(file + ": empty; write one workload with kind: " + String.join(" | ", KINDS));
        if (documents.size() > 1) {
            throw new UserInputException(file + ": holds " + documents.size() + " YAML documents; put one workload in each file");
        }
        var root = new Section("", documents.getFirst());
        String kind = root.requireText("kind", KINDS);
        try {
            return switch (kind) {
                case "trace" -> trace(root);
                case "synthetic" -> synthetic(root);
                case "closed_loop" -> closedLoop(root);
                default -> throw new AssertionError(kind);
            };
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": " + e.getMessage() + " (kind: " + kind + ")");
        }
    }

    private TraceSpec trace(Section s) {
        s.allow("a trace workload", "kind", "path", "rate_scale", "max_requests", "start_s", "end_s", "skip_bad_rows");
        return new TraceSpec(resolve(s, "path"), s.number("rate_scale", 1), s.whole("max_requests", Long.MAX_VALUE),
                s.number("start_s", 0), s.number("end_s", Double.POSITIVE_INFINITY),
                s.bool("skip_bad_rows", false) || skipBadRows);
    }

    private SyntheticSpec synthetic(Section s) {
        s.allow("a synthetic workload", "kind", "requests", "seed", "arrival", "input_tokens", "output_tokens");
        return new SyntheticSpec(s.whole("requests"), arrival(s.section("arrival")),
                lengths(s.section("input_tokens"), LengthTable.Column.INPUT),
                lengths(s.section("output_tokens"), LengthTable.Column.OUTPUT), s.whole("seed", 0));
    }

    private ClosedLoopSpec closedLoop(Section s) {
        s.allow("a closed_loop workload", "kind", "clients", "requests", "warmup_requests", "seed", "input_tokens", "output_tokens");
        long clients = s.whole("clients");
        if (clients < 1 || clients > Integer.MAX_VALUE) throw s.invalid("clients", "must be between 1 and " + Integer.MAX_VALUE);
        return new ClosedLoopSpec((int) clients, s.whole("requests"),
                lengths(s.section("input_tokens"), LengthTable.Column.INPUT),
                lengths(s.section("output_tokens"), LengthTable.Column.OUTPUT),
                s.whole("seed", 0), s.whole("warmup_requests", 0));
    }

    private ArrivalProcess arrival(Section s) {
        String process = s.requireText("process", PROCESSES);
        try {
            return switch (process) {
                case "poisson" -> {
                    s.allow("arrival (process: poisson)", "process", "rate_per_s");
                    yield new ArrivalProcess.Poisson(s.number("rate_per_s"));
                }
                case "gamma" -> {
                    s.allow("arrival (process: gamma)", "process", "rate_per_s", "cv");
                    yield new ArrivalProcess.Gamma(s.number("rate_per_s"), s.number("cv"));
                }
                default -> throw new AssertionError(process);
            };
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": " + s.path + ": " + e.getMessage());
        }
    }

    private LengthDistribution lengths(Section s, LengthTable.Column side) {
        String distribution = s.requireText("distribution", DISTRIBUTIONS);
        try {
            return switch (distribution) {
                case "fixed" -> {
                    s.allow(s.path + " (distribution: " + distribution + ")", "distribution", "value");
                    yield new LengthDistribution.Fixed(s.tokens("value"));
                }
                case "uniform" -> {
                    s.allow(s.path + " (distribution: " + distribution + ")", "distribution", "min", "max");
                    yield new LengthDistribution.Uniform(s.tokens("min"), s.tokens("max"));
                }
                case "lognormal" -> {
                    s.allow(s.path + " (distribution: " + distribution + ")", "distribution", "mean", "sigma", "min", "max");
                    yield new LengthDistribution.LogNormal(s.number("mean"), s.number("sigma"),
                            s.tokens("min", 1), s.tokens("max", Integer.MAX_VALUE));
                }
                case "trace" -> {
                    s.allow(s.path + " (distribution: " + distribution + ")", "distribution", "path", "column");
                    String column = s.text("column", List.of("input", "output"), side.name().toLowerCase());
                    Path path = resolve(s, "path");
                    LengthTable table = tables.computeIfAbsent(path.toAbsolutePath().normalize(),
                            p -> LengthTable.load(path, skipBadRows));
                    yield new LengthDistribution.TraceLengths(table, LengthTable.Column.valueOf(column.toUpperCase()));
                }
                default -> throw new AssertionError(distribution);
            };
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": " + s.path + ": " + e.getMessage());
        }
    }

    /** A path relative to the YAML file's folder, else the working directory, else the project root. */
    private Path resolve(Section s, String key) {
        String text = s.requireText(key, null);
        Path given;
        try {
            given = Path.of(text);
        } catch (InvalidPathException e) {
            throw s.invalid(key, "is not a valid path (" + e.getReason() + ")");
        }
        if (given.isAbsolute()) return given;
        Path folder = file.toAbsolutePath().getParent();
        Set<Path> tried = new LinkedHashSet<>();
        tried.add(folder.resolve(given).normalize());
        tried.add(Path.of("").toAbsolutePath().resolve(given).normalize());
        tried.add(ProjectPaths.root().resolve(given).normalize());
        for (Path candidate : tried) {
            if (Files.exists(candidate)) return candidate;
        }
        throw new UserInputException(file + ": " + s.key(key) + " '" + text + "' not found (looked for " + tried
                + "); give a path relative to the YAML file's folder or the working directory");
    }

    /** One mapping of the YAML file, with the dotted path that names it in messages. */
    private final class Section {
        final String path;
        final JsonNode node;

        Section(String path, JsonNode node) {
            this.path = path;
            if (node == null || !node.isObject()) {
                throw new UserInputException(file + ": " + (path.isEmpty() ? "the file" : path)
                        + " must be a mapping of keys to values, got " + (node == null ? "nothing" : node));
            }
            this.node = node;
        }

        String key(String key) { return path.isEmpty() ? key : path + "." + key; }

        UserInputException invalid(String key, String problem) {
            return new UserInputException(file + ": " + key(key) + " " + problem + ", got " + node.get(key));
        }

        /** Fails on the first key not in {@code keys}; {@code where} names the section in the message. */
        void allow(String where, String... keys) {
            List<String> allowed = List.of(keys);
            for (String k : node.propertyNames()) {
                if (!allowed.contains(k)) {
                    throw new UserInputException(file + ": unknown key '" + k + "' in " + where
                            + "; allowed keys: " + String.join(", ", allowed));
                }
            }
        }

        private JsonNode present(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new UserInputException(file + ": missing key '" + key(key) + "'; add it");
            }
            return v;
        }

        Section section(String key) {
            return new Section(key(key), present(key));
        }

        /** A text value; when {@code allowed} is given it must be one of them. */
        String requireText(String key, List<String> allowed) {
            JsonNode v = node.get(key);
            if ((v == null || v.isNull()) && allowed != null) {
                throw new UserInputException(file + ": missing key '" + key(key) + "'; set it to one of "
                        + String.join(", ", allowed));
            }
            return checkText(key, present(key), allowed);
        }

        String text(String key, List<String> allowed, String otherwise) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? otherwise : checkText(key, v, allowed);
        }

        private String checkText(String key, JsonNode v, List<String> allowed) {
            if (!v.isString()) throw invalid(key, "must be text");
            String text = v.asString().strip();
            if (allowed != null && !allowed.contains(text)) {
                throw new UserInputException(file + ": unknown " + key(key) + " '" + text + "'; allowed: "
                        + String.join(", ", allowed));
            }
            return text;
        }

        double number(String key) {
            JsonNode v = present(key);
            if (!v.isNumber()) throw invalid(key, "must be a number");
            return v.doubleValue();
        }

        double number(String key, double otherwise) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? otherwise : number(key);
        }

        long whole(String key) {
            JsonNode v = present(key);
            if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) throw invalid(key, "must be a whole number");
            return v.longValue();
        }

        long whole(String key, long otherwise) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? otherwise : whole(key);
        }

        int tokens(String key) {
            long n = whole(key);
            if (n < 1 || n > Integer.MAX_VALUE) throw invalid(key, "must be a token count between 1 and " + Integer.MAX_VALUE);
            return (int) n;
        }

        int tokens(String key, int otherwise) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? otherwise : tokens(key);
        }

        boolean bool(String key, boolean otherwise) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) return otherwise;
            if (!v.isBoolean()) throw invalid(key, "must be true or false");
            return v.booleanValue();
        }
    }
}
