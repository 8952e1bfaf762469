package frontier.simulate.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import frontier.calibrate.UserInputException;
import frontier.calibrate.io.CsvFiles;
import frontier.calibrate.io.TableData;

/**
 * An engine's once-a-tick log over a run, on one clock: at each tick {@code t} (seconds from
 * the run's start), prompt and generated tokens per second over the tick that ends there, and
 * the requests running and waiting at that moment. vLLM counts a prompt's tokens when its first
 * token comes out and every output token (the first included) when it is produced.
 */
public record EngineTimeline(double[] t, double[] promptTps, double[] genTps, double[] running, double[] waiting) {

    static final List<String> COLUMNS = List.of("t", "prompt_throughput", "gen_throughput", "running", "waiting");

    public int size() { return t.length; }

    /** A recorded run's {@code timeseries.csv}; every column above, ticks in increasing order. */
    public static EngineTimeline read(Path csv) {
        TableData d;
        try {
            d = CsvFiles.read(csv);
        } catch (IOException e) {
            throw new UserInputException(csv + ": cannot read (" + e.getMessage() + ")");
        }
        double[][] cols = new double[COLUMNS.size()][];
        for (int c = 0; c < COLUMNS.size(); c++) {
            String name = COLUMNS.get(c);
            cols[c] = d.numeric(name).orElseThrow(() -> new UserInputException(csv + ": column '" + name
                    + "' is missing or not numeric (expected " + String.join(", ", COLUMNS) + ")"));
            for (int r = 0; r < d.rows(); r++) {
                if (!Double.isFinite(cols[c][r]) || cols[c][r] < 0) {
                    throw new UserInputException(csv + ":" + (r + 2) + ": " + name + " is " + cols[c][r]
                            + ", expected a finite non-negative number");
                }
            }
        }
        if (d.rows() == 0) throw new UserInputException(csv + ": no ticks");
        for (int r = 1; r < d.rows(); r++) {
            if (!(cols[0][r] > cols[0][r - 1])) {
                throw new UserInputException(csv + ":" + (r + 2) + ": t = " + cols[0][r] + " does not follow " + cols[0][r - 1]
                        + " (ticks must increase)");
            }
        }
        return new EngineTimeline(cols[0], cols[1], cols[2], cols[3], cols[4]);
    }

    /** Seconds the tick ending at {@code t[i]} spans (the first one as long as the second). */
    double span(int i) {
        if (i > 0) return t[i] - t[i - 1];
        return t.length > 1 ? t[1] - t[0] : t[0];
    }

    /**
     * Builds the simulated counterpart on a measured timeline's ticks from the replay's steps and
     * first tokens. {@code offsetS} is the time of the simulation's zero on the run's clock.
     */
    public static final class Recorder {
        private final EngineTimeline grid;
        private final double offsetS;
        private final double[] prompt, gen, running, waiting;
        private int nextTick;
        private int lastRunning, lastWaiting;
        private double lastEndS = Double.NEGATIVE_INFINITY;

        public Recorder(EngineTimeline grid, double offsetS) {
            this.grid = grid;
            this.offsetS = offsetS;
            int n = grid.size();
            prompt = new double[n];
            gen = new double[n];
            running = new double[n];
            waiting = new double[n];
        }

        /** One step of the instance (data-parallel ranks together), in simulation time. */
        public void step(String cluster, int instance, long startNs, long durationNs, int decodeTokens, int runningNow, int waitingNow,
                         long kvUsed, long kvTotal) {
            double start = offsetS + startNs / 1e9;
            settleThrough(start);
            lastRunning = runningNow;
            lastWaiting = waitingNow;
            double end = offsetS + (startNs + durationNs) / 1e9;
            lastEndS = Math.max(lastEndS, end);
            int b = tick(end);
            if (b >= 0) gen[b] += decodeTokens;
        }

        /** A request's first token, {@code atS} seconds into the simulation. */
        public void firstToken(double atS, int promptTokens) {
            int b = tick(offsetS + atS);
            if (b < 0) return;
            prompt[b] += promptTokens;
            gen[b] += 1;
        }

        /** Ticks before {@code time} take the state of the last step that started by then. */
        private void settleThrough(double time) {
            while (nextTick < grid.size() && grid.t[nextTick] < time) {
                running[nextTick] = lastRunning;
                waiting[nextTick] = lastWaiting;
                nextTick++;
            }
        }

        /** The tick whose span holds {@code time} ((t[i-1], t[i]]), or -1 outside the timeline. */
        private int tick(double time) {
            if (time <= grid.t[0] - grid.span(0) || time > grid.t[grid.size() - 1]) return -1;
            int i = Arrays.binarySearch(grid.t, time);
            return i >= 0 ? i : -i - 1;
        }

        /** The replay's timeline; ticks after its last step see an idle engine. */
        public EngineTimeline finish() {
            settleThrough(lastEndS);
            lastRunning = lastWaiting = 0;
            settleThrough(Double.POSITIVE_INFINITY);
            double[] p = prompt.clone(), g = gen.clone();
            for (int i = 0; i < grid.size(); i++) {
                p[i] /= grid.span(i);
                g[i] /= grid.span(i);
            }
            return new EngineTimeline(grid.t.clone(), p, g, running.clone(), waiting.clone());
        }
    }
}
