package frontier.simulate.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.bundle.Json;
import frontier.calibrate.cli.Progress;
import frontier.calibrate.model.ModelConfig;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cost.StepPart;
import frontier.simulate.metrics.Summary;
import frontier.simulate.workload.RequestSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one simulation end to end: builds it, replays the workload with a progress bar, and
 * writes requests.parquet, steps.parquet and summary.json into the output folder. Without an
 * output folder it runs in memory: no files and no progress lines, for callers that run many
 * simulations at once and read the outcome's statistics.
 */
public final class Runner {
    private Runner() {}

    /** @param out the output folder, or null to write nothing and print nothing */
    /** @param traceLimit most events in trace.json; 0 writes no trace */
    public record Settings(Path out, boolean writeSteps, double sloTtftMs, double sloTpotMs, long traceLimit) {
        public Settings(Path out, boolean writeSteps, double sloTtftMs, double sloTpotMs) {
            this(out, writeSteps, sloTtftMs, sloTpotMs, 0);
        }
    }

    public record Outcome(Simulation simulation, Summary.Run run, ObjectNode summary) {}

    /** A workload is either an open-loop source of arrivals or a set of closed-loop clients. */
    public sealed interface Input permits Open, Closed {}

    public record Open(RequestSource source, long expected) implements Input {}

    public record Closed(frontier.simulate.workload.ClosedLoopSource clients, long expected) implements Input {}

    /**
     * What an opened workload runs as: its arrivals (expecting {@code openExpected} of them, 0 when
     * unknown, for the progress bar), or its clients sending the requests the loop is set to send.
     */
    public static Input input(frontier.simulate.workload.Workload w, long openExpected) {
        return switch (w) {
            case frontier.simulate.workload.Workload.Open open -> new Open(open.source(), openExpected);
            case frontier.simulate.workload.Workload.ClosedLoop closed -> new Closed(closed.source(), closed.spec().requests());
        };
    }

    public static Outcome run(DeploymentSpec spec, ModelConfig model, Bundle bundle, Input input, Settings s,
                              java.util.function.Consumer<Simulation> beforeRun) throws IOException {
        Path out = s.out();
        if (out != null) Files.createDirectories(out);
        var sim = new Simulation(spec, model, bundle, new Simulation.Options(out == null ? null : out.resolve("requests.parquet"),
                out != null && s.writeSteps() ? out.resolve("steps.parquet") : null,
                out == null || spec.links().isEmpty() ? null : out.resolve("transfers.parquet"), s.sloTtftMs(), s.sloTpotMs(),
                out == null || s.traceLimit() <= 0 ? null : out.resolve("trace.json"), s.traceLimit()));
        beforeRun.accept(sim);
        long expected = switch (input) {
            case Open o -> o.expected();
            case Closed c -> c.expected();
        };
        long t0 = System.nanoTime();
        if (out == null) {
            replay(sim, input, (done, ns) -> {});
        } else {
            try (var p = Progress.start("simulate", Math.max(1, expected), "req")) {
                long[] last = {0};
                replay(sim, input, (done, ns) -> {
                    p.step(done - last[0]);
                    last[0] = done;
                    p.stage(String.format(java.util.Locale.ROOT, "t=%.1fs", ns / 1e9));
                });
            }
            System.err.printf(java.util.Locale.ROOT, "frontier: simulated %.1f s of serving in %.2f s of wall time%n",
                    sim.simulatedNs() / 1e9, (System.nanoTime() - t0) / 1e9);
        }
        long skipped = input instanceof Open o ? o.source().skippedRows() : 0;
        var memory = Json.MAPPER.createObjectNode();
        sim.memory().forEach((name, plan) -> {
            var m = memory.putObject(name);
            m.put("kv_blocks_per_instance", plan.blocks());
            m.put("kv_tokens_per_instance", plan.tokens(spec.clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().engine().blockSize()));
            m.put("kv_blocks_from", plan.overridden() ? "num_gpu_blocks" : "memory");
            m.put("weights_gib_per_gpu", Json.number(plan.weightsBytes() / (1L << 30)));
            m.put("activation_gib_per_gpu", Json.number(plan.activationBytes() / (1L << 30)));
            m.put("runtime_gib_per_gpu", Json.number(plan.runtimeBytes() / (1L << 30)));
        });
        var clusters = Json.MAPPER.createObjectNode();
        var util = sim.utilization();
        var stepTime = sim.stepTimeShares();
        for (var c : spec.clusters()) {
            var n = clusters.putObject(c.name());
            n.put("role", c.role().label());
            n.put("instances", c.layout().instances());
            n.put("gpus", c.layout().gpus());
            if (util.containsKey(c.name())) n.put("busy_share", Json.number(util.get(c.name())));
            double[] shares = stepTime.get(c.name());
            if (shares != null) {
                var st = n.putObject("step_time_share");
                for (StepPart k : StepPart.values()) st.put(k.label(), Json.number(shares[k.ordinal()]));
            }
            // the settings the run used, engine-dependent defaults applied
            var e = c.engine();
            var l = c.layout();
            n.putObject("layout").put("tp", l.tp()).put("pp", l.pp()).put("dp", l.dp()).put("ep", l.ep());
            n.set("engine", e.describe());
        }
        for (var l : sim.links()) {
            var n = clusters.withObject("links").putObject(l.spec.name());
            n.put("transfers", l.transfers);
            n.put("gib_moved", Json.number(l.bytesMoved / (double) (1L << 30)));
            n.put("busy_share", Json.number(sim.simulatedNs() == 0 ? 0 : l.busyNs / sim.simulatedNs()));
        }
        var run = new Summary.Run(spec.name(), model.name(), bundle.hardware().name(),
                spec.engine() + (spec.engineVersion().isEmpty() ? "" : " " + spec.engineVersion()), spec.gpus(), sim.arrived(),
                sim.requests(), sim.steps(), sim.simulatedNs() / 1e9, sim.preemptions(), sim.operatorLookups(),
                sim.fallbackLookups(), sim.unmodelledLookups(), sim.prefixHitRate(), sim.operators().choices(), memory, clusters, s.sloTtftMs(), s.sloTpotMs(), skipped);
        ObjectNode summary = Summary.json(run);
        if (out != null) Json.MAPPER.writeValue(out.resolve("summary.json").toFile(), summary);
        return new Outcome(sim, run, summary);
    }

    private static void replay(Simulation sim, Input input, Simulation.Progress listener) {
        switch (input) {
            case Open o -> sim.run(o.source(), listener);
            case Closed c -> sim.run(c.clients(), listener);
        }
    }
}
