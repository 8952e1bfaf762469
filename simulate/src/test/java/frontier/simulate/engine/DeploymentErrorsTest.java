package frontier.simulate.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.UserInputException;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.TestBundles;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.DeploymentSpec;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.LinkSpec;
import frontier.simulate.cluster.Role;
import frontier.simulate.cluster.RouterPolicy;

/** Impossible deployments fail before simulating, with one line that says what is wrong. */
class DeploymentErrorsTest {
    @TempDir Path tmp;

    static DeploymentSpec spec(String model, List<ClusterSpec> clusters, List<LinkSpec> links, String routing) {
        return new DeploymentSpec("x", model, Dtype.BF16, Dtype.BF16, "rtx_pro_6000_server", "vllm", "0.19.0", null, List.of(),
                "auto", RouterPolicy.ROUND_ROBIN, routing, clusters, links, Path.of("x.yaml"));
    }

    static ClusterSpec cluster(String name, Role role, Layout l) {
        return new ClusterSpec(name, role, l, SimulationTest.engine(32, 2048));
    }

    String error(DeploymentSpec s, String model) {
        var m = ModelConfigs.shipped().load(model);
        var e = assertThrows(UserInputException.class, () -> new Simulation(s, m, TestBundles.rtx(),
                new Simulation.Options(tmp.resolve("r.parquet"), null, 0, 0)));
        return e.getMessage();
    }

    @Test
    void tpThatDoesNotDivideTheHeads() {
        String msg = error(spec("meta-llama/Llama-3.1-8B", List.of(cluster("a", Role.COLOCATED, new Layout(1, 3, 1, 1, 1))), List.of(),
                "uniform"), "meta-llama/Llama-3.1-8B");
        assertTrue(msg.contains("tp=3 does not divide the model's 32 attention heads"), msg);
    }

    @Test
    void aModelThatDoesNotFitSaysHowMuchIsMissing() {
        String msg = error(spec("meta-llama/Llama-3.1-70B", List.of(cluster("a", Role.COLOCATED, new Layout(1, 1, 1, 1, 1))), List.of(),
                "uniform"), "meta-llama/Llama-3.1-70B");
        assertTrue(msg.contains("does not fit") && msg.contains("GiB missing"), msg);
    }

    @Test
    void expertParallelismMustDivideTheExpertsAndFitTheGpus() {
        String msg = error(spec("Qwen/Qwen3-30B-A3B", List.of(cluster("a", Role.COLOCATED, new Layout(1, 1, 1, 4, 3))), List.of(),
                "uniform"), "Qwen/Qwen3-30B-A3B");
        assertTrue(msg.contains("ep=3 does not divide the model's 128 experts"), msg);
        String msg2 = error(spec("Qwen/Qwen3-30B-A3B", List.of(cluster("a", Role.COLOCATED, new Layout(1, 1, 1, 2, 4))), List.of(),
                "uniform"), "Qwen/Qwen3-30B-A3B");
        assertTrue(msg2.contains("ep=4 exceeds the instance's 2 GPUs"), msg2);
    }

    @Test
    void aPdDeploymentWithoutALinkIsRefused() {
        String msg = error(spec("meta-llama/Llama-3.1-8B", List.of(cluster("p", Role.PREFILL, new Layout(1, 1, 1, 1, 1)),
                cluster("d", Role.DECODE, new Layout(1, 1, 1, 1, 1))), List.of(), "uniform"), "meta-llama/Llama-3.1-8B");
        assertTrue(msg.contains("needs a link from the prefill cluster to the decode cluster"), msg);
    }

    @Test
    void anFfnClusterTooSmallForTheExperts() {
        var links = List.of(new LinkSpec("l", "a", "f", 50e9, 10_000));
        String msg = error(spec("Qwen/Qwen3-235B-A22B", List.of(cluster("a", Role.ATTENTION, new Layout(1, 4, 1, 1, 1)),
                cluster("f", Role.FFN, new Layout(1, 1, 1, 1, 2))), links, "uniform"), "Qwen/Qwen3-235B-A22B");
        assertTrue(msg.contains("FFN cluster cannot hold") && msg.contains("GiB missing"), msg);
    }

    @Test
    void aRoutingHistogramOfTheWrongLength() throws Exception {
        Path h = tmp.resolve("hist.txt");
        Files.writeString(h, "1\n2\n3\n");
        String msg = error(spec("Qwen/Qwen3-30B-A3B", List.of(cluster("a", Role.COLOCATED, new Layout(1, 1, 1, 1, 1))), List.of(),
                "histogram:" + h), "Qwen/Qwen3-30B-A3B");
        assertTrue(msg.contains("3 entries but the model has 128 experts"), msg);
    }
}
