package frontier.simulate.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import frontier.calibrate.UserInputException;
import frontier.simulate.workload.LengthDistribution.Fixed;
import frontier.simulate.workload.LengthDistribution.TraceLengths;
import frontier.simulate.workload.Workloads.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadsTest {
    private static final Path EXAMPLES = Path.of("examples/workloads");

    @TempDir Path tmp;

    private Path yaml(String... lines) {
        return Fixtures.write(tmp, "w.yaml", List.of(lines));
    }

    private static List<Request> requests(Workload w) {
        return Fixtures.all(assertInstanceOf(Workload.Open.class, w).source());
    }

    private static String failure(Path file, Options options) {
        return assertThrows(UserInputException.class, () -> Workloads.open(file, options)).getMessage();
    }

    @Test
    void azureExampleReplaysTheWholeConversationTrace() {
        try (Workload w = Workloads.open(EXAMPLES.resolve("azure-conv.yaml"), Options.NONE)) {
            assertEquals("trace AzureLLMInferenceTrace_conv.csv.gz (Azure LLM inference trace CSV)", w.description());
            List<Request> rs = requests(w);
            assertEquals(19_366, rs.size());
            assertEquals(new Request(0, 0, 374, 44, null, 0, "2"), rs.getFirst());
            assertEquals(19_365, rs.getLast().id());
        }
    }

    @Test
    void syntheticExampleIsAMillionSeededPoissonRequestsCappedByTheCommandLine() {
        WorkloadSpec spec = Workloads.load(EXAMPLES.resolve("synthetic-1m.yaml"), Options.NONE);
        var synthetic = assertInstanceOf(SyntheticSpec.class, spec);
        assertEquals(1_000_000, synthetic.requests());
        assertEquals(new ArrivalProcess.Poisson(200), synthetic.arrival());
        assertEquals(new LengthDistribution.LogNormal(1000, 1.0, 16, 8192), synthetic.input());
        assertEquals(7, synthetic.seed());
        Options capped = Options.NONE.withMaxRequests(1000).withRateScale(2);
        List<Request> a = requests(Workloads.open(EXAMPLES.resolve("synthetic-1m.yaml"), capped));
        assertEquals(1000, a.size());
        assertEquals(0, a.getFirst().arrivalNs());
        assertEquals(400, 999 / (a.getLast().arrivalNs() / 1e9), 400 * 0.1, "rate scale 2 doubles the 200 req/s");
        assertEquals(a, requests(Workloads.open(EXAMPLES.resolve("synthetic-1m.yaml"), capped)));
    }

    @Test
    void closedLoopExampleBecomesASpecAndItsSource() {
        try (Workload w = Workloads.open(EXAMPLES.resolve("closed-loop-64.yaml"), Options.NONE)) {
            var loop = assertInstanceOf(Workload.ClosedLoop.class, w);
            assertEquals(new ClosedLoopSpec(64, 2000, new Fixed(1024), new Fixed(1024), 1, 64), loop.spec());
            assertEquals(new Request(0, 7, 1024, 1024, null, 0, "client-3"), loop.source().nextFor(3, 7));
        }
        var capped = Workloads.open(EXAMPLES.resolve("closed-loop-64.yaml"), Options.NONE.withMaxRequests(100));
        assertEquals(100, ((Workload.ClosedLoop) capped).spec().requests());
        assertTrue(failure(EXAMPLES.resolve("closed-loop-64.yaml"), Options.NONE.withMaxRequests(64))
                .contains("max requests 64 leaves none after the 64 warm-up requests"));
        assertTrue(failure(EXAMPLES.resolve("closed-loop-64.yaml"), Options.NONE.withRateScale(2))
                .startsWith("a closed-loop workload has no arrival rate to scale"));
    }

    @Test
    void traceFileGivenDirectlyTakesTheCommandLineOverrides() {
        Path trace = Fixtures.path(Fixtures.AZURE_CODE_GZ);
        List<Request> rs = requests(Workloads.open(trace, Options.NONE.withRateScale(2).withMaxRequests(3)));
        assertEquals(List.of(new Request(0, 0, 4808, 10, null, 0, "2"), new Request(1, 26_000_000L, 3180, 8, null, 0, "3"),
                new Request(2, 49_094_500L, 110, 27, null, 0, "4")), rs);
    }

    @Test
    void traceSpecWindowsOnTheTraceClockThenScalesThenLimits() throws Exception {
        Files.copy(Fixtures.path(Fixtures.AZURE_CONV), tmp.resolve("conv.csv"));
        Path file = yaml("kind: trace", "path: conv.csv", "start_s: 5", "end_s: 9", "rate_scale: 2", "max_requests: 5");
        try (Workload w = Workloads.open(file, Options.NONE)) {
            assertEquals("trace conv.csv (Azure LLM inference trace CSV), window [5, 9) s, rate x2, first 5 requests",
                    w.description());
            List<Request> rs = requests(w);
            assertEquals(5, rs.size());
            assertEquals(new Request(0, 446_327_500L, 91, 16, null, 0, "6"), rs.getFirst());
        }
        assertEquals(7, requests(Workloads.open(file, Options.NONE.withMaxRequests(100))).size(),
                "the command line's limit replaces the file's");
    }

    @Test
    void lengthsDrawnFromOneTraceShareItsTable() throws Exception {
        Files.copy(Fixtures.path(Fixtures.ARXIV_GZ), tmp.resolve("arxiv.csv.gz"));
        Path file = yaml("kind: closed_loop", "clients: 2", "requests: 10",
                "input_tokens: {distribution: trace, path: arxiv.csv.gz}",
                "output_tokens: {distribution: trace, path: ./arxiv.csv.gz, column: output}");
        var spec = assertInstanceOf(ClosedLoopSpec.class, Workloads.load(file, Options.NONE));
        var in = assertInstanceOf(TraceLengths.class, spec.input());
        var out = assertInstanceOf(TraceLengths.class, spec.output());
        assertSame(in.table(), out.table());
        assertEquals(LengthTable.Column.INPUT, in.column());
        assertEquals(LengthTable.Column.OUTPUT, out.column());
        assertEquals(0, spec.seed());
        assertEquals(0, spec.warmupRequests());
    }

    @Test
    void unknownKeysKindsAndChoicesNameTheAllowedValues() {
        String synthetic = "kind: synthetic\nrequests: 10\narrival: {process: poisson, rate_per_s: 1}\n";
        assertEquals(tmp.resolve("w.yaml") + ": unknown key 'rate' in a trace workload; allowed keys: kind, path, rate_scale, "
                + "max_requests, start_s, end_s, skip_bad_rows", failure(yaml("kind: trace", "path: x.csv", "rate: 2"), Options.NONE));
        assertEquals(tmp.resolve("w.yaml") + ": unknown kind 'replay'; allowed: trace, synthetic, closed_loop",
                failure(yaml("kind: replay"), Options.NONE));
        assertEquals(tmp.resolve("w.yaml") + ": missing key 'kind'; set it to one of trace, synthetic, closed_loop",
                failure(yaml("requests: 5"), Options.NONE));
        assertEquals(tmp.resolve("w.yaml") + ": unknown input_tokens.distribution 'zipf'; allowed: fixed, uniform, lognormal, trace",
                failure(yaml(synthetic + "input_tokens: {distribution: zipf}\noutput_tokens: {distribution: fixed, value: 1}"),
                        Options.NONE));
        assertEquals(tmp.resolve("w.yaml") + ": unknown key 'cv' in input_tokens (distribution: lognormal); allowed keys: "
                + "distribution, mean, sigma, min, max", failure(yaml(synthetic
                + "input_tokens: {distribution: lognormal, mean: 100, cv: 1}\noutput_tokens: {distribution: fixed, value: 1}"),
                Options.NONE));
        assertEquals(tmp.resolve("w.yaml") + ": unknown arrival.process 'uniform'; allowed: poisson, gamma",
                failure(yaml("kind: synthetic", "requests: 10", "arrival: {process: uniform}"), Options.NONE));
    }

    @Test
    void missingAndInvalidValuesAreNamed() {
        String lengths = "input_tokens: {distribution: fixed, value: 1}\noutput_tokens: {distribution: fixed, value: 1}\n";
        assertEquals(tmp.resolve("w.yaml") + ": missing key 'requests'; add it",
                failure(yaml("kind: synthetic\narrival: {process: poisson, rate_per_s: 1}\n" + lengths), Options.NONE));
        assertEquals(tmp.resolve("w.yaml") + ": arrival: cv must be zero or positive, got -1.0",
                failure(yaml("kind: synthetic\nrequests: 5\narrival: {process: gamma, rate_per_s: 1, cv: -1}\n" + lengths),
                        Options.NONE));
        assertEquals(tmp.resolve("w.yaml") + ": clients must be a whole number, got \"many\"",
                failure(yaml("kind: closed_loop\nclients: many\nrequests: 5\n" + lengths), Options.NONE));
        assertEquals(tmp.resolve("w.yaml") + ": output_tokens: max 5 is below min 10",
                failure(yaml("kind: closed_loop\nclients: 1\nrequests: 5\ninput_tokens: {distribution: fixed, value: 1}\n"
                        + "output_tokens: {distribution: uniform, min: 10, max: 5}"), Options.NONE));
        assertTrue(failure(yaml("kind: trace", "path: nowhere.csv"), Options.NONE)
                .startsWith(tmp.resolve("w.yaml") + ": path 'nowhere.csv' not found"));
        assertTrue(failure(yaml("kind: trace", "path: a.csv", "---", "kind: trace", "path: b.csv"), Options.NONE)
                .endsWith("holds 2 YAML documents; put one workload in each file"));
        assertTrue(failure(yaml("kind: trace", "path: x.csv", "rate_scale: [1"), Options.NONE)
                .startsWith(tmp.resolve("w.yaml") + ":3: not valid YAML"));
    }

    @Test
    void skipBadRowsReachesTheTraceReader() {
        List<String> lines = Fixtures.lines(Fixtures.AZURE_CONV);
        lines.set(2, "2023-11-16 18:15:50.9951690,396,oops");
        Path trace = Fixtures.write(tmp, "bad.csv", lines);
        Workload strict = Workloads.open(trace, Options.NONE);
        var e = assertThrows(UserInputException.class, () -> requests(strict), "rows are read as the run goes");
        assertTrue(e.getMessage().startsWith(trace + ":3: GeneratedTokens 'oops' is not a number"), e.getMessage());
        Workload w = Workloads.open(trace, Options.NONE.withSkipBadRows(true));
        var source = ((Workload.Open) w).source();
        assertEquals(19, Fixtures.all(source).size());
        assertEquals(1, source.skippedRows());
        List<Request> viaYaml = requests(Workloads.open(yaml("kind: trace", "path: bad.csv", "skip_bad_rows: true"), Options.NONE));
        assertEquals(19, viaYaml.size());
    }
}
