package frontier.calibrate.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.ProjectPaths;
import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.bundle.BundleWriter;
import frontier.calibrate.bundle.Json;
import frontier.calibrate.features.Physics;
import frontier.calibrate.features.Vocabulary;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.IngestReport;
import frontier.calibrate.profile.Measurement;
import frontier.calibrate.profile.Provenance;
import frontier.calibrate.report.CalibrationReport;

/**
 * Kernels whose time is their roofline time plus a fixed cost per call: the cross-validation finds
 * that cost, the held-out error is that of a model that knows it, and a bundle prices with it.
 */
class FixedCostTest {
    @TempDir Path tmp;

    private static final double FIXED_US = 2, EFFICIENCY = 1.25;
    private static final PartitionKey KEY = new PartitionKey(Family.GEMM, "vllm", "0.24.0");

    /** A GEMM grid from one token to 4,096 whose latency is 1.25 x (roofline + 2 µs), exactly. */
    static List<Measurement> rows() {
        List<Measurement> rows = new ArrayList<>();
        var source = new Provenance("gemm_perf.parquet", "h200", "vllm", "0.24.0", "cublas");
        for (int m = 1; m <= 4096; m *= 2) {
            for (int n : new int[] {512, 1024, 2048, 4096, 8192}) {
                for (int k : new int[] {512, 1024, 4096, 7168}) {
                    rows.add(new Measurement(Family.GEMM, new double[] {m, n, k}, new String[] {"bfloat16"},
                            EFFICIENCY * (roofline(m, n, k) + FIXED_US), Double.NaN, source));
                }
            }
        }
        return rows;
    }

    static double roofline(double m, double n, double k) {
        return Physics.of(Family.GEMM).compute(new double[] {m, n, k}, new String[] {"bfloat16"}, 0, CalibratorTest.H200,
                new Vocabulary()).rooflineUs();
    }

    @Test
    void crossValidationFindsTheFixedCostAndABundlePricesWithIt() throws Exception {
        var settings = FamilyCalibration.Settings.DEFAULT.withSeed(5);
        var result = FamilyCalibration.run(new FamilyData(KEY, rows(), CalibratorTest.H200), settings);
        assertEquals(FIXED_US, result.fixedUs(), "the fixed cost the rows were made with");
        assertTrue(result.random().p95() < 0.5, "a constant efficiency over roofline + 2 µs: " + result.random().p95());

        Path dir = tmp.resolve("bundle");
        BundleWriter.write(dir, List.of(result), CalibratorTest.H200, ProjectPaths.root().resolve("hardware-profiles/h200_sxm.yaml"),
                List.of(), settings, Json.MAPPER.createObjectNode(), "", "");
        var model = Bundle.load(dir).find(Family.GEMM, "vllm", "0.24.0").orElseThrow();
        // one token: the roofline is a fraction of a microsecond, so the fixed cost is most of the time
        var p = model.predict(new double[] {1, 1024, 1024}, new String[] {"bfloat16"}, "cublas");
        double truth = EFFICIENCY * (roofline(1, 1024, 1024) + FIXED_US);
        assertEquals(truth, p.latencyUs(), 0.01 * truth, "the bundle's model prices roofline + fixed cost");
    }

    @Test
    void aFamilyFittedAgainstAMeasuredReferenceGetsNoFixedCost() {
        // uneven-decode rows whose time is 1.25 x (even time + 8 µs): a fixed cost would fit them
        // exactly, but the models of such a family predict a ratio that must not depend on the
        // reference's size, so none is tried
        List<Measurement> rows = new ArrayList<>();
        var source = new Provenance("skew.csv", "rtx", "vllm", "0.19.0", "llmservingsim:attention");
        for (int n : new int[] {2, 4, 8, 16, 32, 64, 128}) {
            for (int kv : new int[] {128, 512, 2048, 8192}) {
                for (double even : new double[] {5, 20, 80, 320}) {
                    rows.add(new Measurement(Family.ATTENTION_SKEW, new double[] {0, 0, n, kv, 2.0 * kv, even, 32, 8, 128},
                            new String[] {"bfloat16"}, 1.25 * (even + 8), Double.NaN, source));
                }
            }
        }
        var key = new PartitionKey(Family.ATTENTION_SKEW, "vllm", "0.19.0");
        var result = FamilyCalibration.run(new FamilyData(key, rows, CalibratorTest.H200), FamilyCalibration.Settings.DEFAULT.withSeed(5));
        assertEquals(0, result.fixedUs());
        String report = new CalibrationReport("rtx", List.of(result), new IngestReport(), List.of(), List.of()).markdown();
        assertTrue(report.contains("attention_skew is fitted against the time its source gives"),
                "the report says what this family's roofline columns mean");
        assertFalse(new CalibrationReport("h200", List.of(), new IngestReport(), List.of(), List.of()).markdown()
                .contains("is fitted against the time its source gives"));
    }
}
