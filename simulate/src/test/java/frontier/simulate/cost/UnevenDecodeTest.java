package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.bundle.Bundle;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.TestBundles;
import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.EngineSettings;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;
import frontier.simulate.schedule.Batch;

/**
 * Mixed-batch attention over decodes of uneven lengths, with and without skew profiles. The
 * tables here are made up for the test (a known cost law), so what is checked is how the ratio
 * travels from the fitted model into a step's price, not any GPU's numbers.
 */
class UnevenDecodeTest {
    private static Bundle withSkew, withoutSkew;

    /** Even mixed-batch time: a launch floor plus work in query-key pairs (Llama-3.1-8B heads). */
    private static double evenUs(double pt, double n, double kv) {
        return 12 + 0.002 * (pt * pt / 2 + n * kv);
    }

    /** The made-up law the skew rows follow: 12% longer per doubling of longest over mean. */
    private static double skewRatio(double mean, double max) {
        return 1 + 0.12 * Math.log(max / mean) / Math.log(2);
    }

    @BeforeAll
    static void calibrate(@TempDir Path dir) throws IOException {
        StringBuilder mixed = new StringBuilder("family,prefill_tokens,prefill_kv,decode_seqs,decode_kv,heads,kv_heads,head_dim,kv_dtype,latency_us\n");
        StringBuilder skew = new StringBuilder("family,prefill_tokens,prefill_kv,decode_seqs,decode_kv,decode_kv_max,even_us,heads,kv_heads,head_dim,"
                + "kv_dtype,latency_us\n");
        for (int pt : new int[] {0, 64, 256, 1024}) {
            for (int n : new int[] {1, 2, 4, 8, 16, 32, 64, 128}) {
                for (int kv : new int[] {16, 64, 256, 1024, 4096, 16384}) {
                    mixed.append(String.format(Locale.ROOT, "attention_mixed,%d,0,%d,%d,32,8,128,bfloat16,%.4f%n", pt, n, kv,
                            evenUs(pt, n, kv)));
                    for (double spread : new double[] {1, 1.25, 1.5, 2, 3, 4}) {
                        if (kv * spread > 16384 || n < 2) continue;
                        // the profile's own units: three times the even time, as its reference is
                        double even = 3 * evenUs(pt, n, kv);
                        skew.append(String.format(Locale.ROOT, "attention_skew,%d,0,%d,%d,%.0f,%.4f,32,8,128,bfloat16,%.4f%n", pt, n, kv,
                                kv * spread, even, even * skewRatio(kv, kv * spread)));
                    }
                }
            }
        }
        Path both = Files.createDirectories(dir.resolve("both")), evenOnly = Files.createDirectories(dir.resolve("even"));
        Files.writeString(both.resolve("mixed.csv"), mixed);
        Files.writeString(both.resolve("skew.csv"), skew);
        Files.writeString(evenOnly.resolve("mixed.csv"), mixed);
        withSkew = TestBundles.calibratedFrom(both, "rtx_pro_6000_server", dir.resolve("bundle-both"));
        withoutSkew = TestBundles.calibratedFrom(evenOnly, "rtx_pro_6000_server", dir.resolve("bundle-even"));
    }

    private static AttentionPricer pricer(Bundle bundle) {
        var ops = new OperatorSet(bundle, "vllm", "0.19.0");
        var d = EngineSettings.vllmDefaults();
        var cluster = new ClusterSpec("serve", Role.COLOCATED, new Layout(1, 1, 1, 1, 1), d);
        var cost = new StepCostModel(ModelConfigs.shipped().load("meta-llama/Llama-3.1-8B"), cluster, Dtype.BF16, Dtype.BF16, ops,
                "auto", null);
        return new AttentionPricer(cost, ops, "auto", 0);
    }

    /** A batch of {@code n} eager decodes with the given mean and longest cached lengths, no prefill. */
    private static Batch decodes(int n, int mean, int longest) {
        Batch b = new Batch();
        b.decodeCount = n;
        b.decodeKvSum = (long) n * mean;
        b.decodeKvMax = longest;
        return b;
    }

    @Test
    void unevenDecodesCostWhatTheSkewProfilesSay() {
        var p = pricer(withSkew);
        double even = p.price(decodes(16, 1024, 1024), false);
        double uneven = p.price(decodes(16, 1024, 2900), false);
        double ratio = uneven / even;
        assertEquals(skewRatio(1024, 2900), ratio, 0.04, "the fitted ratio, interpolated between its coarse nodes");
        assertTrue(p.price(decodes(16, 1024, 1400), false) < uneven, "a smaller spread costs less");
        assertEquals(even, p.price(decodes(16, 1024, 1024), false), 0, "an even batch keeps the mixed-batch price");
    }

    @Test
    void withoutSkewProfilesLengthsArePricedAtTheirMean() {
        var p = pricer(withoutSkew);
        assertEquals(p.price(decodes(16, 1024, 1024), false), p.price(decodes(16, 1024, 2900), false), 0);
    }
}
