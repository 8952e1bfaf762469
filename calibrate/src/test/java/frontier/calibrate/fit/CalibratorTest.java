package frontier.calibrate.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.Measurement;
import frontier.calibrate.profile.Provenance;

/** Table sets calibrated in one process share the fits of partitions whose rows are the same. */
class CalibratorTest {
    static final HardwareProfile H200 = HardwareProfiles.discover().load("h200_sxm");

    /** A small GEMM table: latency grows with the work, with a little spread so that models have something to fit. */
    static List<Measurement> gemmRows(double scale) {
        List<Measurement> rows = new ArrayList<>();
        var source = new Provenance("gemm_perf.parquet", "h200", "vllm", "0.24.0", "cublas");
        for (int m = 1; m <= 4096; m *= 2) {
            for (int n : new int[] {1024, 4096, 8192}) {
                for (int k : new int[] {1024, 4096}) {
                    double us = scale * (3 + 2.0 * m * n * k / 700e6 + (m * 7 % 5) * 0.01);
                    rows.add(new Measurement(Family.GEMM, new double[] {m, n, k}, new String[] {"bfloat16"}, us, Double.NaN, source));
                }
            }
        }
        return rows;
    }

    static Map<PartitionKey, List<Measurement>> parts(List<Measurement> rows) {
        Map<PartitionKey, List<Measurement>> p = new TreeMap<>();
        p.put(new PartitionKey(Family.GEMM, "vllm", "0.24.0"), rows);
        return p;
    }

    @Test
    void aPartitionWithTheSameRowsIsFittedOnce() {
        var settings = FamilyCalibration.Settings.DEFAULT.withSeed(7);
        var first = Calibrator.run(parts(gemmRows(1.0)), H200, settings, k -> {}, n -> {});
        var again = Calibrator.run(parts(gemmRows(1.0)), H200, settings, k -> {}, n -> {});
        assertEquals(1, first.results().size());
        assertSame(first.results().getFirst(), again.results().getFirst(), "the second table set reuses the fit");

        var key = new PartitionKey(Family.GEMM, "vllm", "0.24.0");
        String same = Calibrator.contentKey(key, gemmRows(1.0), H200, settings);
        assertEquals(same, Calibrator.contentKey(key, gemmRows(1.0), H200, settings));
        assertNotEquals(same, Calibrator.contentKey(key, gemmRows(1.01), H200, settings), "another latency is another fit");
        assertNotEquals(same, Calibrator.contentKey(key, gemmRows(1.0), H200, settings.withSeed(8)), "so is another seed");
        assertNotEquals(same, Calibrator.contentKey(new PartitionKey(Family.GEMM, "vllm", "0.19.0"), gemmRows(1.0), H200, settings));
    }
}
