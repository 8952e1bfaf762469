package frontier.simulate.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import frontier.simulate.workload.ArrivalProcess.Gamma;
import frontier.simulate.workload.ArrivalProcess.Poisson;
import frontier.simulate.workload.LengthDistribution.Fixed;
import frontier.simulate.workload.LengthDistribution.LogNormal;
import frontier.simulate.workload.LengthDistribution.TraceLengths;
import frontier.simulate.workload.LengthDistribution.Uniform;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {
    private static final LengthDistribution LOGNORMAL = new LogNormal(1000, 1.0, 16, 8192);
    private static final LengthDistribution UNIFORM = new Uniform(16, 512);

    private static List<Request> generate(long n, ArrivalProcess arrival, LengthDistribution in, LengthDistribution out, long seed) {
        return Fixtures.all(new SyntheticSource(new SyntheticSpec(n, arrival, in, out, seed)));
    }

    @Test
    void sameSeedGivesTheSameRequestsAndAnotherSeedOthers() {
        List<Request> a = generate(10_000, new Gamma(50, 2), LOGNORMAL, UNIFORM, 7);
        List<Request> b = generate(10_000, new Gamma(50, 2), LOGNORMAL, UNIFORM, 7);
        List<Request> c = generate(10_000, new Gamma(50, 2), LOGNORMAL, UNIFORM, 8);
        assertEquals(a, b);
        assertNotEquals(a.get(1).arrivalNs(), c.get(1).arrivalNs());
        long sameInputs = IntStream.range(0, a.size()).filter(i -> a.get(i).inputTokens() == c.get(i).inputTokens()).count();
        assertTrue(sameInputs < 200, sameInputs + " of 10000 input lengths coincide across seeds");
    }

    @Test
    void firstRequestArrivesAtZeroAndIdsCount() {
        List<Request> rs = generate(3, new Poisson(10), new Fixed(5), new Fixed(6), 1);
        assertEquals(new Request(0, 0, 5, 6, null, 0, null), rs.get(0));
        assertEquals(2, rs.get(2).id());
        assertTrue(rs.get(2).arrivalNs() > rs.get(1).arrivalNs());
    }

    @Test
    void poissonMeanRateIsWithinTwoPercentOver100kRequests() {
        List<Request> rs = generate(100_000, new Poisson(200), new Fixed(1), new Fixed(1), 42);
        double seconds = rs.getLast().arrivalNs() / 1e9;
        double rate = (rs.size() - 1) / seconds;
        assertEquals(200, rate, 200 * 0.02);
        assertEquals(1.0, gapCv(rs), 0.03, "exponential gaps have cv 1");
    }

    @Test
    void gammaGapsHaveTheRequestedRateAndBurstiness() {
        List<Request> bursty = generate(100_000, new Gamma(100, 2.0), new Fixed(1), new Fixed(1), 3);
        assertEquals(100, (bursty.size() - 1) / (bursty.getLast().arrivalNs() / 1e9), 100 * 0.03);
        assertEquals(2.0, gapCv(bursty), 2.0 * 0.05);
        List<Request> smooth = generate(100_000, new Gamma(100, 0.5), new Fixed(1), new Fixed(1), 3);
        assertEquals(0.5, gapCv(smooth), 0.5 * 0.05);
        List<Request> even = generate(5, new Gamma(4, 0), new Fixed(1), new Fixed(1), 3);
        assertEquals(List.of(0L, 250_000_000L, 500_000_000L, 750_000_000L, 1_000_000_000L),
                even.stream().map(Request::arrivalNs).toList());
    }

    private static double gapCv(List<Request> rs) {
        double sum = 0, sumSq = 0;
        int n = rs.size() - 1;
        for (int i = 1; i < rs.size(); i++) {
            double gap = rs.get(i).arrivalNs() - rs.get(i - 1).arrivalNs();
            sum += gap;
            sumSq += gap * gap;
        }
        double mean = sum / n;
        return Math.sqrt(sumSq / n - mean * mean) / mean;
    }

    @Test
    void logNormalLengthsHaveTheRequestedMean() {
        List<Request> rs = generate(100_000, new Poisson(1), new LogNormal(1000, 1.0, 1, Integer.MAX_VALUE),
                new LogNormal(200, 0.5, 1, Integer.MAX_VALUE), 11);
        double meanIn = rs.stream().mapToInt(Request::inputTokens).average().orElseThrow();
        double meanOut = rs.stream().mapToInt(Request::outputTokens).average().orElseThrow();
        assertEquals(1000, meanIn, 1000 * 0.03);
        assertEquals(200, meanOut, 200 * 0.03);
        int[] sorted = rs.stream().mapToInt(Request::inputTokens).sorted().toArray();
        assertEquals(1000 * Math.exp(-0.5), sorted[sorted.length / 2], 1000 * Math.exp(-0.5) * 0.03,
                "the median is exp(mu) = mean * exp(-sigma^2 / 2)");
    }

    @Test
    void lengthsAreClippedToTheirBounds() {
        List<Request> rs = generate(50_000, new Poisson(1), LOGNORMAL, UNIFORM, 5);
        assertTrue(rs.stream().allMatch(r -> r.inputTokens() >= 16 && r.inputTokens() <= 8192));
        assertTrue(rs.stream().anyMatch(r -> r.inputTokens() == 8192), "the tail beyond max is clipped to max");
        assertTrue(rs.stream().allMatch(r -> r.outputTokens() >= 16 && r.outputTokens() <= 512));
        assertTrue(rs.stream().anyMatch(r -> r.outputTokens() == 16) && rs.stream().anyMatch(r -> r.outputTokens() == 512),
                "uniform bounds are both included");
    }

    @Test
    void changingLengthDistributionsLeavesArrivalsAlone() {
        List<Request> a = generate(1000, new Poisson(20), LOGNORMAL, UNIFORM, 9);
        List<Request> b = generate(1000, new Poisson(20), new Fixed(100), new Fixed(10), 9);
        assertEquals(a.stream().map(Request::arrivalNs).toList(), b.stream().map(Request::arrivalNs).toList());
    }

    @Test
    void traceLengthsFromOneTableKeepTheirRowPairs() {
        LengthTable table = LengthTable.load(Fixtures.path(Fixtures.ARXIV_GZ), false);
        assertEquals(200, table.size());
        assertEquals(3772, table.input(0));
        assertEquals(54, table.output(0));
        Set<Long> rows = new HashSet<>();
        for (int i = 0; i < table.size(); i++) rows.add(pair(table.input(i), table.output(i)));
        List<Request> joint = generate(2000, new Poisson(1), new TraceLengths(table, LengthTable.Column.INPUT),
                new TraceLengths(table, LengthTable.Column.OUTPUT), 4);
        assertTrue(joint.stream().allMatch(r -> rows.contains(pair(r.inputTokens(), r.outputTokens()))));
        long distinct = joint.stream().map(r -> pair(r.inputTokens(), r.outputTokens())).distinct().count();
        assertTrue(distinct > 150, "draws spread over the table's rows, got " + distinct);
    }

    private static long pair(int in, int out) { return (long) in << 32 | out; }

    @Test
    void lengthTableReadsAnyTraceToo() {
        LengthTable mooncake = LengthTable.load(Fixtures.path(Fixtures.MOONCAKE_GZ), false);
        assertEquals(20, mooncake.size());
        assertEquals(6758, mooncake.input(0));
        assertEquals(500, mooncake.output(0));
    }

    @Test
    void distributionsRejectImpossibleParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Uniform(10, 5));
        assertThrows(IllegalArgumentException.class, () -> new Fixed(0));
        assertThrows(IllegalArgumentException.class, () -> new LogNormal(-1, 1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Gamma(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new Poisson(0));
    }

    @Test
    void streamsAMillionRequestsInOrderWithoutHoldingThem() {
        var source = new SyntheticSource(new SyntheticSpec(1_000_000, new Poisson(200), LOGNORMAL, UNIFORM, 7));
        long t0 = System.nanoTime();
        long count = 0, previous = 0, tokens = 0;
        for (Request r = source.next(); r != null; r = source.next()) {
            if (r.arrivalNs() < previous || r.id() != count) throw new AssertionError("out of order at " + r);
            previous = r.arrivalNs();
            tokens += r.inputTokens();
            count++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1_000_000, count);
        assertNull(source.next());
        assertEquals(1000, tokens / 1e6, 30, "clipping at 8192 takes about 1.6% off the mean");
        assertTrue(seconds < 2, "1M requests took " + seconds + " s");
    }
}
