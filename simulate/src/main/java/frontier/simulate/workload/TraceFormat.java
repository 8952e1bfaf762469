package frontier.simulate.workload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import frontier.calibrate.UserInputException;
import frontier.calibrate.io.ParquetFiles;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.Type;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The request-file layouts Frontier reads. {@link #detect} looks at what a file holds (Parquet
 * magic bytes, the JSON keys of the first line, the CSV header), never only at its name, and
 * sees through gzip whatever the file is called.
 */
public enum TraceFormat {
    /** Azure LLM inference trace 2023: TIMESTAMP (date-time), ContextTokens, GeneratedTokens. */
    AZURE_LLM_CSV("Azure LLM inference trace CSV", true),
    /** Mooncake: one JSON object a line with timestamp (ms), input_length, output_length, hash_ids. */
    MOONCAKE_JSONL("Mooncake trace JSONL", true),
    /** vLLM bench output: request_id, input_toks, output_toks, queued_ts (s, engine clock), ... */
    VLLM_BENCH_JSONL("vLLM bench requests JSONL", true),
    /** arrival_s (or arrival_time_s, timestamp_s), input_tokens, output_tokens, optional id. */
    GENERIC_CSV("CSV trace", true),
    /** The same columns as {@link #GENERIC_CSV} in a Parquet file. */
    GENERIC_PARQUET("Parquet trace", true),
    /** num_prefill_tokens and num_decode_tokens only (e.g. Vidur's arxiv lengths): no arrivals. */
    LENGTHS_TABLE("request lengths without arrival times", false);

    static final String EXPECTED = "expected an Azure LLM trace (TIMESTAMP, ContextTokens, GeneratedTokens), "
            + "a Mooncake trace (timestamp, input_length, output_length, hash_ids), vLLM bench requests "
            + "(request_id, input_toks, output_toks, queued_ts), or a CSV/Parquet table with arrival_s, "
            + "input_tokens, output_tokens";

    private final String label;
    private final boolean hasArrivals;

    TraceFormat(String label, boolean hasArrivals) {
        this.label = label;
        this.hasArrivals = hasArrivals;
    }

    /** Human-readable name for summaries and messages. */
    public String label() { return label; }

    /** False for lengths-only tables, which can feed a length distribution but not a replay. */
    public boolean hasArrivals() { return hasArrivals; }

    /** Recognises the file's layout from its content; a one-line error when it matches none. */
    public static TraceFormat detect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such file; check the path");
        }
        if (isParquet(file)) return fromColumns(file, parquetColumns(file), GENERIC_PARQUET);
        try (var lines = new TextLines(file)) {
            String first = lines.nextNonBlank();
            if (first == null) throw new UserInputException(file + ": empty file; " + EXPECTED);
            if (first.stripLeading().startsWith("{")) return fromJsonKeys(file, lines.lineNumber(), first);
            try {
                return fromColumns(file, CsvLine.split(first), GENERIC_CSV);
            } catch (BadRow e) {
                throw new UserInputException(file + ":" + lines.lineNumber() + ": header " + e.problem() + "; " + e.fix());
            }
        }
    }

    private static TraceFormat fromJsonKeys(Path file, long line, String text) {
        Collection<String> keys;
        try {
            JsonNode node = JsonLines.MAPPER.readTree(text);
            keys = node.propertyNames();
        } catch (JacksonException e) {
            throw new UserInputException(file + ":" + line + ": not valid JSON (" + JsonLines.firstLine(e)
                    + "); each line must be one JSON object");
        }
        if (keys.contains("input_length") || keys.contains("hash_ids")) return MOONCAKE_JSONL;
        if (keys.contains("input_toks") || keys.contains("queued_ts")) return VLLM_BENCH_JSONL;
        throw new UserInputException(file + ":" + line + ": JSON keys " + keys + " match no known layout; " + EXPECTED);
    }

    private static TraceFormat fromColumns(Path file, List<String> columns, TraceFormat generic) {
        if (generic == GENERIC_CSV && CsvLine.indexOf(columns, "ContextTokens", "GeneratedTokens") >= 0) return AZURE_LLM_CSV;
        if (CsvLine.indexOf(columns, "input_tokens", "output_tokens") >= 0) return generic;
        if (CsvLine.indexOf(columns, "num_prefill_tokens", "num_decode_tokens") >= 0) return LENGTHS_TABLE;
        throw new UserInputException(file + ": columns " + columns + " match no known layout; " + EXPECTED);
    }

    static boolean isParquet(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'A' && magic[2] == 'R' && magic[3] == '1';
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Column names from the footer only, so that detection does not read the data. */
    static List<String> parquetColumns(Path file) {
        try (var reader = ParquetFileReader.open(new LocalInputFile(file), ParquetFiles.readOptions())) {
            List<String> names = new ArrayList<>();
            for (Type field : reader.getFooter().getFileMetaData().getSchema().getFields()) names.add(field.getName());
            return names;
        } catch (IOException | RuntimeException e) {
            throw new UserInputException(file + ": not a readable Parquet file (" + e.getMessage() + ")", e);
        }
    }
}
