package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

class TokenCurveTest {
    /** A cost with a fixed part and a part growing like tokens^0.9, counting how often it is asked. */
    static IntToDoubleFunction counted(AtomicInteger calls) {
        return t -> {
            calls.incrementAndGet();
            return 3 + 0.01 * Math.pow(t, 0.9);
        };
    }

    @Test
    void anInterpolatedCurvePricesNodesAndSmallCountsExactlyAndFewOfThem() {
        var calls = new AtomicInteger();
        var f = counted(new AtomicInteger());
        var curve = TokenCurve.interpolated(8192, counted(calls));
        for (int t = 1; t <= 8192; t++) {
            double v = curve.at(t);
            if (t <= 64 || t == 128 || t == 1024 || t == 8192) assertEquals(f.applyAsDouble(t), v, 0, "count " + t);
            // six percent apart, two nodes bound the smooth cost between them within a hundredth of a percent
            assertEquals(f.applyAsDouble(t), v, 1e-4 * f.applyAsDouble(t), "count " + t);
        }
        // 64 exact counts, then 12 nodes per doubling up to 8192
        assertEquals(64 + 7 * 12, calls.get());
        var exact = new AtomicInteger();
        var plain = new TokenCurve(8192, counted(exact));
        for (int t = 1; t <= 8192; t++) plain.at(t);
        assertEquals(8192, exact.get());
    }

    @Test
    void aCountNextToANodeOutsideTheModelIsPricedAsItIs() {
        // the model covers up to 1000 tokens: beyond it the roofline fallback answers (negative)
        IntToDoubleFunction price = t -> t <= 1000 ? 10 + t : -(20 + 2.0 * t);
        var curve = TokenCurve.interpolated(4096, price);
        // 990 lies between the nodes 967 and 1024, the second outside: priced exactly, not mixed with the fallback
        assertEquals(1000.0, curve.at(990), 0);
        assertEquals(-(20 + 2.0 * 2000), curve.at(2000), 0);
        double inside = curve.at(800);
        assertTrue(inside > 10 + 790 && inside < 10 + 810, "between its nodes: " + inside);
    }
}
