package frontier.simulate.workload;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import frontier.calibrate.UserInputException;

/** Opens the workload a file names: a trace of any {@link TraceFormat}, or a YAML workload spec. */
public final class Workloads {
    private Workloads() {}

    /**
     * Overrides given on the command line.
     *
     * @param rateScale   replaces a trace's rate_scale; multiplies a synthetic workload's rate;
     *                    an error for a closed loop, which has no arrival rate
     * @param maxRequests replaces a trace's max_requests; caps a synthetic or closed-loop
     *                    workload's requests
     * @param skipBadRows count and drop unreadable trace rows instead of failing (also for the
     *                    traces length distributions draw from)
     */
    public record Options(OptionalDouble rateScale, OptionalLong maxRequests, boolean skipBadRows) {
        public static final Options NONE = new Options(OptionalDouble.empty(), OptionalLong.empty(), false);

        public Options {
            if (rateScale.isPresent() && !(rateScale.getAsDouble() > 0 && Double.isFinite(rateScale.getAsDouble()))) {
                throw new UserInputException("rate scale must be a positive number, got " + rateScale.getAsDouble());
            }
            if (maxRequests.isPresent() && maxRequests.getAsLong() < 1) {
                throw new UserInputException("max requests must be at least 1, got " + maxRequests.getAsLong());
            }
        }

        public Options withRateScale(double factor) { return new Options(OptionalDouble.of(factor), maxRequests, skipBadRows); }

        public Options withMaxRequests(long max) { return new Options(rateScale, OptionalLong.of(max), skipBadRows); }

        public Options withSkipBadRows(boolean skip) { return new Options(rateScale, maxRequests, skip); }
    }

    /** A YAML file (.yaml, .yml) is a workload spec; anything else is read as a trace. */
    public static Workload open(Path file, Options options) {
        WorkloadSpec spec = isYaml(file) ? load(file, options) : TraceSpec.of(file);
        return open(spec, options);
    }

    /** Reads a YAML workload spec (length tables it names are loaded now). */
    public static WorkloadSpec load(Path yamlFile, Options options) {
        return WorkloadYaml.parse(yamlFile, options.skipBadRows());
    }

    public static Workload open(WorkloadSpec spec, Options options) {
        return switch (withOverrides(spec, options)) {
            case TraceSpec trace -> openTrace(trace);
            case SyntheticSpec synthetic -> new Workload.Open(new SyntheticSource(synthetic), synthetic.describe());
            case ClosedLoopSpec loop -> new Workload.ClosedLoop(loop, new ClosedLoopSource(loop), loop.describe());
        };
    }

    /** The spec with the command-line overrides applied (see {@link Options}). */
    public static WorkloadSpec withOverrides(WorkloadSpec spec, Options o) {
        return switch (spec) {
            case TraceSpec t -> new TraceSpec(t.path(), o.rateScale().orElse(t.rateScale()),
                    o.maxRequests().orElse(t.maxRequests()), t.startS(), t.endS(), t.skipBadRows() || o.skipBadRows());
            case SyntheticSpec s -> new SyntheticSpec(Math.min(s.requests(), o.maxRequests().orElse(Long.MAX_VALUE)),
                    o.rateScale().isPresent() ? s.arrival().scaled(o.rateScale().getAsDouble()) : s.arrival(),
                    s.input(), s.output(), s.seed());
            case ClosedLoopSpec c -> {
                if (o.rateScale().isPresent()) {
                    throw new UserInputException("a closed-loop workload has no arrival rate to scale (each client sends "
                            + "when its previous request completes); drop the rate scale, or change the number of clients");
                }
                long requests = Math.min(c.requests(), o.maxRequests().orElse(Long.MAX_VALUE));
                if (c.warmupRequests() >= requests) {
                    throw new UserInputException("max requests " + requests + " leaves none after the " + c.warmupRequests()
                            + " warm-up requests; raise max requests or lower warmup_requests");
                }
                yield new ClosedLoopSpec(c.clients(), requests, c.input(), c.output(), c.seed(), c.warmupRequests());
            }
        };
    }

    private static Workload openTrace(TraceSpec t) {
        TraceFormat format = TraceFormat.detect(t.path());
        RequestSource source = Traces.open(t.path(), format, t.skipBadRows());
        var description = new StringBuilder("trace " + t.path().getFileName() + " (" + format.label() + ")");
        if (t.windowed()) {
            long end = t.endS() == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : seconds(t.endS());
            source = new TimeWindowSource(source, seconds(t.startS()), end);
            description.append(", window [").append(number(t.startS())).append(", ")
                    .append(end == Long.MAX_VALUE ? "end" : number(t.endS())).append(") s");
        }
        if (t.rateScale() != 1) {
            source = new RateScaledSource(source, t.rateScale());
            description.append(", rate x").append(number(t.rateScale()));
        }
        if (t.maxRequests() != Long.MAX_VALUE) {
            source = new LimitedSource(source, t.maxRequests());
            description.append(", first ").append(t.maxRequests()).append(" requests");
        }
        if (t.skipBadRows()) description.append(", bad rows skipped");
        return new Workload.Open(new RenumberedSource(source), description.toString());
    }

    public static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static long seconds(double s) {
        return new BigDecimal(Double.toString(s)).movePointRight(9).longValue();
    }

    private static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
