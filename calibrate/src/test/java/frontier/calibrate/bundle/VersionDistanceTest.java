package frontier.calibrate.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionDistanceTest {
    @Test
    void releasesCompareByTheirNumbersNotTheirText() {
        assertTrue(VersionDistance.compare("0.9.2", "0.14.0") < 0, "0.9 is older than 0.14 although '9' sorts after '1'");
        assertTrue(VersionDistance.compare("0.19.0", "0.14.0") > 0);
        assertEquals(0, VersionDistance.compare("0.14", "0.14.0"));
        assertTrue(VersionDistance.compare("1.2.0rc5", "1.2.0rc2") > 0);
    }

    @Test
    void theNearestReleaseIsTheOneThatDiffersLastInItsLeadingParts() {
        assertTrue(VersionDistance.between("0.19.0", "0.18.0") < VersionDistance.between("0.19.0", "0.12.0"));
        assertTrue(VersionDistance.between("1.2.0", "1.1.9") < VersionDistance.between("1.2.0", "0.2.0"));
    }
}
