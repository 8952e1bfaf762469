package frontier.calibrate.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ModelsTest {

    /** A step function with an interaction, the shape kernel tables have (tile boundaries). */
    static double truth(double[] x) {
        return (x[0] > 50 ? 1.0 : 0.0) + Math.floor(x[1] / 10) * 0.3 + (x[2] > 0.5 && x[0] < 20 ? 0.7 : 0);
    }

    static double[][] inputs(int n, long seed) {
        var rng = new SplittableRandom(seed);
        double[][] x = new double[n][3];
        for (double[] r : x) {
            r[0] = rng.nextInt(100);
            r[1] = rng.nextInt(60);
            r[2] = rng.nextDouble();
        }
        return x;
    }

    static double[] labels(double[][] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = truth(x[i]);
        return y;
    }

    static double meanAbsError(Regressor r, double[][] x) {
        double e = 0;
        for (double[] row : x) e += Math.abs(r.predict(row) - truth(row));
        return e / x.length;
    }

    @Test
    void treeEnsemblesLearnStepsThatALinearModelCannot() {
        double[][] x = inputs(4000, 1);
        double[] y = labels(x);
        double[][] test = inputs(1000, 2);
        var ols = LinearModel.fit(x, y, new boolean[3]);
        var forest = ForestModel.fit(x, y, 30, 7);
        var boost = BoostedModel.fit(x, y, BoostedModel.Settings.DEFAULT, 7);
        double eOls = meanAbsError(ols, test), eRf = meanAbsError(forest, test), eGb = meanAbsError(boost, test);
        assertTrue(eRf < 0.05, "random forest error " + eRf);
        assertTrue(eGb < 0.05, "boosting error " + eGb);
        assertTrue(eOls > 4 * Math.max(eRf, eGb), "ols " + eOls + " should trail trees");
    }

    @Test
    void packedEnsemblesPredictExactlyWhatTheirTreesDo() {
        double[][] x = inputs(3000, 3);
        double[] y = labels(x);
        var forest = ForestModel.fit(x, y, 20, 5);
        var boost = BoostedModel.fit(x, y, BoostedModel.Settings.DEFAULT, 5);
        for (double[] row : inputs(500, 4)) {
            double sum = 0;
            for (FlatTree t : forest.trees()) sum += t.predict(row);
            assertEquals(sum / forest.trees().length, forest.predict(row), 0.0, "bit for bit");
            double b = boost.base();
            for (FlatTree t : boost.trees()) b += boost.learningRate() * t.predict(row);
            assertEquals(b, boost.predict(row), 0.0, "bit for bit");
        }
    }

    @Test
    void linearModelRecoversCoefficientsAndOneHotLevels() {
        var rng = new SplittableRandom(3);
        int n = 2000;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextDouble() * 10;
            x[i][1] = rng.nextDouble() * 5;
            x[i][2] = rng.nextInt(3); // a category
            y[i] = 2 + 3 * x[i][0] - 1.5 * x[i][1] + (x[i][2] == 2 ? 4 : 0);
        }
        var m = LinearModel.fit(x, y, new boolean[] {false, false, true});
        assertEquals(2 + 30 - 3 + 4, m.predict(new double[] {10, 2, 2}), 1e-3);
        assertEquals(2 + 0 - 0, m.predict(new double[] {0, 0, 0}), 1e-3);
        double unseen = m.predict(new double[] {1, 0, 7});
        double lowest = m.predict(new double[] {1, 0, 0}), highest = m.predict(new double[] {1, 0, 2});
        assertTrue(unseen > lowest && unseen < highest, "an unseen level gets the intercept, between the seen levels: " + unseen);
    }

    @Test
    void sameSeedGivesTheSameModelsBitForBit() {
        double[][] x = inputs(3000, 5);
        double[] y = labels(x);
        var a = ForestModel.fit(x, y, 16, 11);
        var b = ForestModel.fit(x, y, 16, 11);
        var c = BoostedModel.fit(x, y, BoostedModel.Settings.DEFAULT, 11);
        var d = BoostedModel.fit(x, y, BoostedModel.Settings.DEFAULT, 11);
        for (double[] row : inputs(200, 9)) {
            assertEquals(Double.doubleToLongBits(a.predict(row)), Double.doubleToLongBits(b.predict(row)));
            assertEquals(Double.doubleToLongBits(c.predict(row)), Double.doubleToLongBits(d.predict(row)));
        }
    }

    @Test
    void modelsSurviveTheBundleCodecUnchanged() throws Exception {
        double[][] x = inputs(1500, 8);
        double[] y = labels(x);
        Regressor[] models = {LinearModel.fit(x, y, new boolean[] {false, true, false}), ForestModel.fit(x, y, 5, 1),
                BoostedModel.fit(x, y, new BoostedModel.Settings(50, 15, 5, 0.1, 10), 1), new ConstantModel(-0.7)};
        for (Regressor m : models) {
            var bytes = new ByteArrayOutputStream();
            try (var out = new DataOutputStream(bytes)) {
                ModelCodec.write(m, out);
            }
            Regressor back = ModelCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(m.kind(), back.kind());
            double[] p1 = new double[50], p2 = new double[50];
            double[][] probe = inputs(50, 4);
            for (int i = 0; i < 50; i++) {
                p1[i] = m.predict(probe[i]);
                p2[i] = back.predict(probe[i]);
            }
            assertArrayEquals(p1, p2, 0.0, m.kind());
        }
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        var s = ErrorStats.of(new double[] {4, 1, 3, 2, 5});
        assertEquals(3, s.p50());
        assertEquals(4.6, s.p90(), 1e-12);
        assertEquals(5, s.n());
        assertTrue(Double.isNaN(ErrorStats.percentile(new double[0], 50)), "no values, no percentile");
    }
}
