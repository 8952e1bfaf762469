package frontier.calibrate.fit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import frontier.calibrate.profile.Family;
import frontier.calibrate.profile.Measurement;

/** The random split never scores a model on a shape whose repeat it was fitted on. */
class HeldOutSplitTest {

    @Test
    void repeatedMeasurementsOfAShapeStayOnOneSide() {
        List<Measurement> rows = new ArrayList<>();
        for (Measurement m : CalibratorTest.gemmRows(1.0)) {
            rows.add(m);
            // the same shape timed again, a little apart, as collectors that repeat a grid point record it
            rows.add(new Measurement(m.family(), m.shape(), m.categories(), m.latencyUs() * 1.003, Double.NaN, m.provenance()));
        }
        var data = new FamilyData(new PartitionKey(Family.GEMM, "vllm", "0.24.0"), rows, CalibratorTest.H200);
        var result = FamilyCalibration.run(data, FamilyCalibration.Settings.DEFAULT.withSeed(3));
        Set<String> held = new HashSet<>();
        for (var r : result.heldOut().rows()) {
            if (r.split() == HeldOut.Split.RANDOM) held.add(Arrays.toString(r.shape()));
        }
        assertFalse(held.isEmpty());
        int shapes = rows.size() / 2, heldRows = 0;
        for (var r : result.heldOut().rows()) if (r.split() == HeldOut.Split.RANDOM) heldRows++;
        assertTrue(heldRows == 2 * held.size(), "both measurements of every held-out shape are held out: " + heldRows + " rows, "
                + held.size() + " shapes of " + shapes);
    }
}
