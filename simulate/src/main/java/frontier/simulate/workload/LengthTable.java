package frontier.simulate.workload;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import frontier.calibrate.UserInputException;
import frontier.calibrate.io.TableData;

/**
 * Prompt and output lengths of the requests of a real trace, row by row, so that synthetic
 * requests can draw lengths as the trace has them. Read from a lengths-only table
 * (num_prefill_tokens, num_decode_tokens, as in Vidur's arxiv file), a CSV/Parquet table with
 * input_tokens and output_tokens (arrivals not needed), or any trace {@link Traces} reads.
 * Two ints a row: the 28,257-row arxiv table takes 226 KB.
 */
public final class LengthTable {
    /** Which length a {@link LengthDistribution.TraceLengths} draws. */
    public enum Column { INPUT, OUTPUT }

    private static final String LAYOUT = "lengths table";
    private static final String[] PREFILL = {"num_prefill_tokens", "input_tokens"};
    private static final String[] DECODE = {"num_decode_tokens", "output_tokens"};

    private final Path source;
    private final int[] input;
    private final int[] output;

    private LengthTable(Path source, int[] input, int[] output) {
        if (input.length == 0) throw new UserInputException(source + ": no requests to draw lengths from");
        this.source = source;
        this.input = input;
        this.output = output;
    }

    public static LengthTable of(Path source, int[] input, int[] output) {
        if (input.length != output.length) throw new IllegalArgumentException("input and output lengths differ in count");
        return new LengthTable(source, input.clone(), output.clone());
    }

    /** Reads the lengths of every row; bad rows fail, or are dropped when {@code skipBadRows}. */
    public static LengthTable load(Path file, boolean skipBadRows) {
        TraceFormat format = TraceFormat.detect(file);
        return switch (format) {
            case LENGTHS_TABLE, GENERIC_CSV, GENERIC_PARQUET -> TraceFormat.isParquet(file)
                    ? fromParquet(file, skipBadRows) : fromCsv(file, skipBadRows);
            case AZURE_LLM_CSV, MOONCAKE_JSONL, VLLM_BENCH_JSONL -> fromTrace(file, format, skipBadRows);
        };
    }

    private static LengthTable fromCsv(Path file, boolean skipBadRows) {
        var rules = new RowRules(file, skipBadRows, false, false);
        var lengths = new Growing();
        try (var lines = new TextLines(file)) {
            var header = TableHeader.read(lines);
            int in = header.require(LAYOUT, PREFILL);
            int out = header.require(LAYOUT, DECODE);
            String line;
            while ((line = lines.next()) != null) {
                if (line.isBlank()) continue;
                try {
                    List<String> f = header.fields(line);
                    lengths.add(RowRules.tokens(Numbers.count(f.get(in), header.names().get(in)), header.names().get(in)),
                            RowRules.tokens(Numbers.count(f.get(out), header.names().get(out)), header.names().get(out)));
                } catch (BadRow bad) {
                    rules.reject(lines.lineNumber(), bad);
                }
            }
        }
        return lengths.toTable(file);
    }

    private static LengthTable fromParquet(Path file, boolean skipBadRows) {
        TableData table = GenericParquetReader.read(file);
        var header = new TableHeader(file, table.columnNames());
        String inName = header.names().get(header.require(LAYOUT, PREFILL));
        String outName = header.names().get(header.require(LAYOUT, DECODE));
        double[] in = table.numeric(inName).orElseThrow();
        double[] out = table.numeric(outName).orElseThrow();
        var rules = new RowRules(file, skipBadRows, false, true);
        var lengths = new Growing();
        for (int r = 0; r < in.length; r++) {
            try {
                lengths.add(RowRules.tokens(Numbers.count(in[r], inName), inName),
                        RowRules.tokens(Numbers.count(out[r], outName), outName));
            } catch (BadRow bad) {
                rules.reject(r + 1, bad);
            }
        }
        return lengths.toTable(file);
    }

    private static LengthTable fromTrace(Path file, TraceFormat format, boolean skipBadRows) {
        var lengths = new Growing();
        try (RequestSource source = Traces.open(file, format, skipBadRows)) {
            for (Request r = source.next(); r != null; r = source.next()) lengths.add(r.inputTokens(), r.outputTokens());
        }
        return lengths.toTable(file);
    }

    public Path source() { return source; }

    public int size() { return input.length; }

    public int input(int row) { return input[row]; }

    public int output(int row) { return output[row]; }

    public int length(int row, Column column) {
        return column == Column.INPUT ? input[row] : output[row];
    }

    public double mean(Column column) {
        return Arrays.stream(column == Column.INPUT ? input : output).asLongStream().average().orElse(Double.NaN);
    }

    /** Two int arrays grown by doubling while a file is read. */
    private static final class Growing {
        private int[] input = new int[1024];
        private int[] output = new int[1024];
        private int size;

        void add(int in, int out) {
            if (size == input.length) {
                input = Arrays.copyOf(input, size * 2);
                output = Arrays.copyOf(output, size * 2);
            }
            input[size] = in;
            output[size] = out;
            size++;
        }

        LengthTable toTable(Path file) {
            return new LengthTable(file, Arrays.copyOf(input, size), Arrays.copyOf(output, size));
        }
    }
}
