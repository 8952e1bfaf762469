package frontier.calibrate.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.profile.Family;

class PhysicsTest {
    static final HardwareProfile H200 = HardwareProfiles.discover().load("h200_sxm");

    /** Counts query-key pairs one by one. */
    static double bruteForcePairs(int q, int kv, int window) {
        double pairs = 0;
        for (int i = 0; i < q; i++) {
            int position = kv - q + i + 1; // 1-based position of this query
            pairs += window > 0 ? Math.min(position, window) : position;
        }
        return pairs;
    }

    @Test
    void causalPairsMatchCountingOneByOne() {
        int[][] cases = {{1, 1, 0}, {16, 16, 0}, {7, 100, 0}, {100, 100, 8}, {5, 300, 128}, {300, 300, 128}, {64, 96, 100}};
        for (int[] c : cases) {
            assertEquals(bruteForcePairs(c[0], c[1], c[2]), AttentionPhysics.causalPairs(c[0], c[1], c[2]), 1e-9,
                    "q=" + c[0] + " kv=" + c[1] + " window=" + c[2]);
        }
    }

    @Test
    void gemmRooflineIsTheSlowerOfComputeAndMemory() {
        var words = new Vocabulary();
        words.add("bfloat16");
        var big = new GemmPhysics().compute(new double[] {8192, 8192, 8192}, new String[] {"bfloat16"}, 0, H200, words);
        double compute = 2.0 * 8192 * 8192 * 8192 / 989e12 * 1e6;
        assertEquals(compute, big.rooflineUs(), compute * 1e-9, "a large square GEMM is compute bound");
        var thin = new GemmPhysics().compute(new double[] {1, 8192, 8192}, new String[] {"bfloat16"}, 0, H200, words);
        double bytes = 2.0 * (8192 + 8192.0 * 8192) + 2 * 8192;
        assertEquals(bytes / 4800e9 * 1e6, thin.rooflineUs(), 1e-9, "a one-token GEMM is bound by reading the weights");
    }

    @Test
    void anExpertParallelRankStillCombinesEveryRoutedPair() {
        var words = new Vocabulary();
        words.add("bfloat16");
        // 16,384 tokens, top-10 of 512 experts, EP 256: two local experts; shape columns as the tables give them
        double[] shape = {16384, 4096, 1024, 10, 512, 1, 256, 0, 1, 0};
        var row = new MoePhysics().compute(shape, new String[] {"bfloat16"}, 0, H200, words);
        double combine = 16384.0 * 10 * 4096 * 4;
        assertTrue(row.rooflineUs() >= combine / 4800e9 * 1e6,
                "writing and reading each routed pair's output row bounds the op, local expert or not: " + row.rooflineUs());
        shape[6] = 1;
        var oneRank = new MoePhysics().compute(shape, new String[] {"bfloat16"}, 0, H200, words);
        assertTrue(oneRank.rooflineUs() > 50 * row.rooflineUs() / 10, "one rank holding all 512 experts does far more");
    }

    @Test
    void anMlaModuleAlsoReadsItsProjectionWeights() {
        var words = new Vocabulary();
        var mla = new MlaPhysics(Family.MLA_DECODE);
        double[] oneToken = {1, 1024, 16}; // one sequence, 1,024 cached tokens, 16 heads per GPU (TP 8)
        String[] bf16 = {"bfloat16", "bfloat16"};
        var kernel = mla.compute(oneToken, bf16, "FLASHMLA", 0, H200, words);
        var module = mla.compute(oneToken, bf16, "FLASHMLA:module", 0, H200, words);
        // DeepSeek-V3 per GPU at TP 8: q/latent down-projections, q up, latent expansion, output projection
        double weights = 2.0 * (7168 * 1536 + 7168 * 576 + 16 * (1536 * 192 + 128 * 7168 + 512 * 256));
        assertTrue(module.rooflineUs() >= weights / 4800e9 * 1e6, module.rooflineUs() + " µs");
        assertTrue(module.rooflineUs() > 20 * kernel.rooflineUs(), "one token's cached latent is tiny beside the weights");
        assertEquals(kernel.rooflineUs(), mla.compute(oneToken, bf16, null, 0, H200, words).rooflineUs(), 0,
                "a kernel table times the attention kernel alone");
    }

    @Test
    void decodeAttentionWithAWindowReadsOnlyTheWindow() {
        var a = new AttentionPhysics(Family.ATTENTION_DECODE);
        var words = new Vocabulary();
        var full = a.compute(new double[] {8, 8192, 8192, 32, 8, 128, 0}, new String[] {"bfloat16"}, 0, H200, words);
        var windowed = a.compute(new double[] {8, 8192, 8192, 32, 8, 128, 128}, new String[] {"bfloat16"}, 0, H200, words);
        assertTrue(full.rooflineUs() > 30 * windowed.rooflineUs(), "8192 cached tokens vs a 128-token window");
    }

    @Test
    void unevenDecodesAreFittedAgainstTheProfilesEvenBatchWhateverItsUnits() {
        var skew = new SkewPhysics();
        var words = new Vocabulary();
        String[] bf16 = {"bfloat16"};
        // 64 decodes averaging 1,072 cached tokens, the longest 4,096, beside a 512-token chunk
        var a = skew.compute(new double[] {512, 0, 64, 1072, 4096, 681.9, 32, 8, 128}, bf16, 0, H200, words);
        var b = skew.compute(new double[] {512, 0, 64, 1072, 4096, 3 * 681.9, 32, 8, 128}, bf16, 0, H200, words);
        assertEquals(681.9, a.rooflineUs(), 0, "the even batch's time is the reference the ratio is fitted to");
        assertArrayEquals(a.values(), b.values(), 0, "no feature carries the reference's size or units");
        int spread = skew.names().indexOf("log_kv_spread");
        assertEquals(Math.log(4096 / 1072.0) / Math.log(2), a.values()[spread], 1e-12);
        var even = skew.compute(new double[] {512, 0, 64, 1072, 1072, 681.9, 32, 8, 128}, bf16, 0, H200, words);
        assertEquals(0, even.values()[spread], 0);
        assertTrue(skew.measuredReference(), "a ratio admits no fixed cost per call");
        assertEquals(0, a.computeBoundUs(), 0, "the profile's units are not the GPU's: no row is judged against peak");
    }

    @Test
    void fp8FormatsRunAtTheFp8PeakAndMissingFormatsFallBackToSlowerOnes() {
        assertEquals(1979e12, H200.peakFlops(Dtype.FP8));
        assertEquals(1979e12, H200.peakFlops(Dtype.FP4), "Hopper has no fp4 tensor cores");
        assertEquals(989e12, H200.peakFlops(Dtype.INT4_WEIGHT_ONLY), "weight-only int4 computes in bf16");
        assertEquals(Dtype.FP8, Dtype.parse("fp8_block"));
        assertEquals(Dtype.FP4, Dtype.parse("nvfp4"));
    }

    @Test
    void theTimedRankComputesItsOwnShareOfSkewedRouting() {
        var words = new Vocabulary();
        words.add("bfloat16");
        // 16,384 tokens, top-2 of 8 experts, EP 4: compute-bound, the busiest rank holds 1.8x an even share
        double[] even = {16384, 6144, 16384, 2, 8, 1, 4, 0, 1, 0};
        double[] skewed = {16384, 6144, 16384, 2, 8, 1, 4, 1.01, 1.8, 0.8};
        var a = new MoePhysics().compute(even, new String[] {"bfloat16"}, 0, H200, words);
        var b = new MoePhysics().compute(skewed, new String[] {"bfloat16"}, 0, H200, words);
        double evenFlops = 2.0 * 16384 * 2 / 4 * 6144 * 16384 * 3;
        assertEquals(evenFlops / H200.peakFlops(Dtype.BF16) * 1e6, a.rooflineUs(), 1e-6 * a.rooflineUs());
        assertEquals(1.8, b.rooflineUs() / a.rooflineUs(), 1e-6, "the busiest rank's pairs set a compute-bound roofline");
        // at one token the weights dominate: skew moves no more bytes there
        even[0] = skewed[0] = 1;
        a = new MoePhysics().compute(even, new String[] {"bfloat16"}, 0, H200, words);
        b = new MoePhysics().compute(skewed, new String[] {"bfloat16"}, 0, H200, words);
        assertEquals(1.0, b.rooflineUs() / a.rooflineUs(), 1e-3);
    }

    @Test
    void skewedRoutingLoadsTheBusiestRankMoreThanBalancedRouting() {
        var balanced = ExpertLoad.expected(ExpertLoad.Routing.parse("balanced"), 4096, 8, 128, 8);
        var skewed = ExpertLoad.expected(ExpertLoad.Routing.parse("power_law_1.2"), 4096, 8, 128, 8);
        var rebalanced = ExpertLoad.expected(ExpertLoad.Routing.parse("power_law_1.2_eplb"), 4096, 8, 128, 8);
        assertEquals(1.0, balanced.rankMaxRatio(), 1e-9);
        assertEquals(0.0, balanced.expertCv(), 1e-9);
        assertTrue(skewed.rankMaxRatio() > 1.3, "power law 1.2 over 128 experts: " + skewed.rankMaxRatio());
        assertTrue(rebalanced.rankMaxRatio() < skewed.rankMaxRatio(), "EPLB balances ranks");
    }
}
