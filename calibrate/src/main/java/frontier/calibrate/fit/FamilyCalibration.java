package frontier.calibrate.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The calibration procedure for one partition:
 * <ol>
 * <li>two held-out splits: {@code random} (a seeded 20%) and {@code extrapolation} (the 10% of
 *     rows with the largest FLOPs, or bytes or tokens where FLOPs do not apply);</li>
 * <li>the model kind, and the fixed cost each call pays beside its roofline time, chosen by k-fold
 *     cross-validation on the random split's training rows only;</li>
 * <li>the chosen kind refitted on each split's training rows and scored on its held-out rows,
 *     beside a roofline baseline (one fitted efficiency factor) and a token-count-only random
 *     forest fitted on the same training rows.</li>
 * </ol>
 */
public final class FamilyCalibration {

    /**
     * Settings that bound the work: rows used for cross-validation, folds, seed. Cross-validation
     * only ranks the candidates, whose errors differ by far more than its sample size blurs, so
     * a few thousand rows are enough; the final fits use every training row.
     */
    public record Settings(long seed, int folds, int cvRows, double testShare, double extrapolationShare) {
        public static final Settings DEFAULT = new Settings(20261127L, 3, 6_000, 0.2, 0.1);

        public Settings withSeed(long s) {
            return new Settings(s, folds, cvRows, testShare, extrapolationShare);
        }
    }

    /**
     * Fixed costs per call (µs) the cross-validation chooses from. A kernel takes some microseconds
     * however little it does (launch, prologue, the tail of its last wave); the models predict
     * latency / (roofline + fixed cost), so a tiny shape's prediction stays near that floor instead of
     * scaling with its roofline. Zero keeps the bare roofline.
     */
    static final double[] FIXED_US = {0, 2, 8};

    /** Rows too small to split are reported but cannot be proven. */
    static final int MIN_ROWS = 20;

    private FamilyCalibration() {}

    public static FamilyResult run(FamilyData d, Settings s) {
        long t0 = System.nanoTime();
        int n = d.rows();
        boolean[] cat = d.physics.categorical();
        if (n < MIN_ROWS) {
            throw new IllegalArgumentException(d.key.label(true) + ": only " + n + " usable rows, at least " + MIN_ROWS + " needed");
        }
        // The label's String hash is fixed by the language; the key's record hash includes its enum's
        // identity hash, which changes with whatever else the JVM did first.
        var rng = new SplittableRandom(s.seed() ^ d.key.label(true).hashCode());
        int[] perm = BoostedModel.permutation(n, rng);
        int nTest = Math.max(1, (int) Math.round(n * s.testShare()));
        // a shape measured more than once is held out whole or not at all: a model is never scored on a shape it was
        // fitted on. Shapes are taken in the order of their first draw until a fifth of the rows is held out, so a
        // table without repeats splits exactly as drawn.
        boolean[] inTest = new boolean[n];
        Map<String, List<Integer>> points = new LinkedHashMap<>();
        for (int r : perm) points.computeIfAbsent(d.pointKey(r), k -> new ArrayList<>()).add(r);
        int taken = 0;
        for (List<Integer> rows : points.values()) {
            if (taken >= nTest) break;
            for (int r : rows) inTest[r] = true;
            taken += rows.size();
        }
        int[] test = IntStream.range(0, n).filter(i -> inTest[i]).toArray();
        int[] train = IntStream.range(0, n).filter(i -> !inTest[i]).toArray();

        Integer[] bySize = new Integer[n];
        for (int i = 0; i < n; i++) bySize[i] = i;
        Arrays.sort(bySize, (a, b) -> d.size[a] != d.size[b] ? Double.compare(d.size[a], d.size[b]) : Integer.compare(a, b));
        int nBig = Math.max(1, (int) Math.round(n * s.extrapolationShare()));
        int[] big = new int[nBig], small = new int[n - nBig];
        for (int i = 0; i < n - nBig; i++) small[i] = bySize[i];
        for (int i = 0; i < nBig; i++) big[i] = bySize[n - nBig + i];
        Arrays.sort(big);
        Arrays.sort(small);

        CrossValidation cv = crossValidate(d, train, s);
        Candidate chosen = cv.kind();
        double fixedUs = cv.fixedUs();
        double[] target = d.logEfficiency(fixedUs);

        Regressor model = chosen.fit(rows(d.x, train), values(target, train), cat, s.seed());
        double[] predRandom = predict(model, d, test, fixedUs);
        Regressor extrapModel = chosen.fit(rows(d.x, small), values(target, small), cat, s.seed());
        double[] predExtrap = predict(extrapModel, d, big, fixedUs);

        ConstantModel roofRandom = ConstantModel.fit(values(d.y, train));
        ConstantModel roofExtrap = ConstantModel.fit(values(d.y, small));
        double[] roofPredRandom = predict(roofRandom, d, test, 0);
        double[] roofPredExtrap = predict(roofExtrap, d, big, 0);
        double[] tokensPredRandom = tokensOnly(d, train, test, s.seed());
        double[] tokensPredExtrap = tokensOnly(d, small, big, s.seed());
        ErrorStats random = score(predRandom, d, test);
        ErrorStats extrap = score(predExtrap, d, big);
        ErrorStats rooflineRandom = score(roofPredRandom, d, test);
        ErrorStats rooflineExtrap = score(roofPredExtrap, d, big);
        ErrorStats tokensRandom = score(tokensPredRandom, d, test);
        ErrorStats tokensExtrap = score(tokensPredExtrap, d, big);
        List<HeldOut.Row> held = new ArrayList<>(test.length + big.length);
        addHeldOut(held, HeldOut.Split.RANDOM, d, test, predRandom, roofPredRandom, tokensPredRandom);
        addHeldOut(held, HeldOut.Split.EXTRAPOLATION, d, big, predExtrap, roofPredExtrap, tokensPredExtrap);

        double[] rel = Arrays.stream(train).mapToDouble(i -> d.spreadUs[i] / d.latencyUs[i] * 100)
                .filter(Double::isFinite).sorted().toArray();
        double noise50 = ErrorStats.percentile(rel, 50);
        double noise90 = ErrorStats.percentile(rel, 90);

        double[][] ranges = new double[d.shapes.length == 0 ? 0 : d.shapes[0].length][2];
        for (double[] r : ranges) {
            r[0] = Double.POSITIVE_INFINITY;
            r[1] = Double.NEGATIVE_INFINITY;
        }
        for (int i : train) {
            for (int j = 0; j < ranges.length; j++) {
                ranges[j][0] = Math.min(ranges[j][0], d.shapes[i][j]);
                ranges[j][1] = Math.max(ranges[j][1], d.shapes[i][j]);
            }
        }
        return new FamilyResult(d.key, n, d.impossible, chosen.label(), cv.p95ByKind(), fixedUs, random, extrap, rooflineRandom,
                rooflineExtrap, tokensRandom, tokensExtrap, noise50, noise90, d.noisy, model, roofRandom, ranges, d.kernels.words(),
                d.words.words(), d.kernelRows, new HeldOut(d.sizeMeasure, List.copyOf(held)), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The cross-validation's choice: the kind with the lowest mean p95 at the bare roofline (every
     * kind's score is reported), then the fixed cost with the lowest mean p95 for that kind.
     */
    record CrossValidation(Candidate kind, double fixedUs, Map<String, Double> p95ByKind) {}

    /** Mean over folds of p95 APE, on (a seeded subsample of) the training rows. */
    static CrossValidation crossValidate(FamilyData d, int[] train, Settings s) {
        int[] rows = train;
        if (rows.length > s.cvRows()) {
            int[] perm = BoostedModel.permutation(rows.length, new SplittableRandom(s.seed() + 17));
            rows = new int[s.cvRows()];
            for (int i = 0; i < rows.length; i++) rows[i] = train[perm[i]];
            Arrays.sort(rows);
        }
        Map<String, Double> byKind = new LinkedHashMap<>();
        Candidate kind = Candidate.OLS;
        double best = Double.POSITIVE_INFINITY;
        for (Candidate c : Candidate.values()) {
            double score = foldP95(d, rows, c, 0, s);
            byKind.put(c.label(), score);
            if (score < best - 1e-9) {
                best = score;
                kind = c;
            }
        }
        double fixedUs = 0;
        for (double f : FIXED_US) {
            if (f == 0 || d.physics.measuredReference()) continue;
            double score = foldP95(d, rows, kind, f, s);
            if (score < best - 1e-9) {
                best = score;
                fixedUs = f;
            }
        }
        return new CrossValidation(kind, fixedUs, byKind);
    }

    private static double foldP95(FamilyData d, int[] rows, Candidate c, double fixedUs, Settings s) {
        int k = Math.min(s.folds(), rows.length);
        double[] target = d.logEfficiency(fixedUs);
        double sum = 0;
        for (int f = 0; f < k; f++) {
            List<Integer> fit = new ArrayList<>(), hold = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) (i % k == f ? hold : fit).add(rows[i]);
            int[] fitRows = fit.stream().mapToInt(Integer::intValue).toArray();
            int[] holdRows = hold.stream().mapToInt(Integer::intValue).toArray();
            Regressor r = c.fit(rows(d.x, fitRows), values(target, fitRows), d.physics.categorical(), s.seed() + f);
            sum += score(predict(r, d, holdRows, fixedUs), d, holdRows).p95();
        }
        return sum / k;
    }

    static ErrorStats score(double[] predicted, FamilyData d, int[] rows) {
        double[] ape = new double[rows.length];
        for (int i = 0; i < rows.length; i++) ape[i] = ErrorStats.ape(predicted[i], d.latencyUs[rows[i]]);
        return ErrorStats.of(ape);
    }

    /** Latency in µs: the roofline time plus the fixed cost, scaled by the predicted efficiency. */
    static double[] predict(Regressor r, FamilyData d, int[] rows, double fixedUs) {
        double[] predicted = new double[rows.length];
        for (int i = 0; i < rows.length; i++) predicted[i] = (d.rooflineUs[rows[i]] + fixedUs) * Math.exp(r.predict(d.x[rows[i]]));
        return predicted;
    }

    /** The older simulators' feature set: a random forest on token count alone, predicting latency. */
    static double[] tokensOnly(FamilyData d, int[] train, int[] test, long seed) {
        double[][] x = new double[train.length][];
        double[] y = new double[train.length];
        for (int i = 0; i < train.length; i++) {
            x[i] = new double[] {d.tokens[train[i]]};
            y[i] = Math.log(d.latencyUs[train[i]]);
        }
        ForestModel rf = ForestModel.fit(x, y, 30, seed);
        double[] predicted = new double[test.length];
        for (int i = 0; i < test.length; i++) predicted[i] = Math.exp(rf.predict(new double[] {d.tokens[test[i]]}));
        return predicted;
    }

    private static void addHeldOut(List<HeldOut.Row> out, HeldOut.Split split, FamilyData d, int[] rows, double[] predicted,
                                   double[] roofline, double[] tokensOnly) {
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            // size holds log2 of the measure (log2(x + 1) for some families, a difference that vanishes at these sizes)
            out.add(new HeldOut.Row(split, d.shapes[r], d.categories[r], d.kernel[r], Math.pow(2, d.size[r]), d.latencyUs[r],
                    predicted[i], roofline[i], tokensOnly[i]));
        }
    }

    static double[][] rows(double[][] x, int[] idx) {
        double[][] r = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) r[i] = x[idx[i]];
        return r;
    }

    static double[] values(double[] v, int[] idx) {
        double[] r = new double[idx.length];
        for (int i = 0; i < idx.length; i++) r[i] = v[idx[i]];
        return r;
    }
}
