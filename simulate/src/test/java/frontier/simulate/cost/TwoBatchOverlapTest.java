package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwoBatchOverlapTest {
    @Test
    void withoutCommunicationALayerIsItsCompute() {
        assertEquals(2 * 10 + 2 * 20, TwoBatchOverlap.layerUs(10, 0, 20, 0), 1e-9);
    }

    @Test
    void communicationShorterThanComputeHidesAlmostEntirely() {
        double layer = TwoBatchOverlap.layerUs(10, 5, 20, 5);
        assertTrue(layer < 60 + 0.5 * 20, "most of 20 µs of traffic hides under 60 µs of compute: " + layer);
        assertTrue(layer >= 60, "compute alone takes 60 µs");
    }

    @Test
    void communicationBoundLayersAreBoundByTheLink() {
        double layer = TwoBatchOverlap.layerUs(1, 50, 1, 50);
        assertTrue(layer >= 200 && layer <= 204, "four 50 µs transfers serialize on one link: " + layer);
    }
}
