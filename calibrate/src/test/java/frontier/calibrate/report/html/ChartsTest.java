package frontier.calibrate.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ChartsTest {

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    static double[] lognormal(int n, long seed, double mu) {
        var r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.exp(mu + r.nextGaussian());
        return v;
    }

    static Document sample(String label) {
        double[] measured = lognormal(40, 1, 3);
        double[] predicted = measured.clone();
        for (int i = 0; i < predicted.length; i++) predicted[i] *= 1 + 0.05 * Math.sin(i);
        var doc = new Document("Report for " + label);
        doc.contents().heading(2, label).paragraph("About `" + label + "`.")
                .table(List.of("name", "value"), List.of(List.of(label, "1.5"), List.of("b", "-")))
                .figure(Scatter.parity("Parity " + label, "measured", "predicted",
                        List.of(new Scatter.Points(label, measured, predicted)), 0.1), "caption " + label)
                .figure(new Cdf("CDF", "|error| %", List.of(new Sample(label, lognormal(50, 2, 0)), new Sample("b", lognormal(60, 3, 1))), true), "")
                .figure(new Histogram("Hist", "ms", "share", List.of(new Sample("m", measured), new Sample("s", predicted)), 20, true), "")
                .figure(new Bars("Bars", "p95 %", List.of(label, "two"), List.of(new Sample("x", new double[] {3, 40}),
                        new Sample("y", new double[] {Double.NaN, 7})), false), "");
        return doc;
    }

    @Test
    void oneSvgPerChartNoExternalResourcesAndTheSameBytesTwice() {
        String a = sample("gemm").html(), b = sample("gemm").html();
        assertEquals(a, b);
        assertEquals(4, count(a, "<svg"));
        assertEquals(4, count(a, "</svg>"));
        assertFalse(a.contains("http://") || a.contains("https://") || a.contains("src=") || a.contains("<script"), "self-contained");
        assertTrue(a.startsWith("<!DOCTYPE html>") && a.contains("<style>"));
        assertTrue(a.contains("<code>gemm</code>"));
        String md = sample("gemm").markdown();
        assertTrue(md.contains("| gemm | 1.5 |") && md.contains("|---|---:|"), md);
        assertEquals(4, count(md, "_Chart: "));
    }

    @Test
    void labelsAreEscapedEverywhere() {
        String evil = "<script>alert('x')</script> & \"q\"";
        String html = sample(evil).html();
        assertFalse(html.contains("<script>"), "raw tag leaked");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
        assertEquals(4, count(html, "<svg"));
    }

    @Test
    void aScatterDrawsOnePointPerInputPair() {
        double[] x1 = lognormal(37, 4, 2), y1 = lognormal(37, 5, 2), x2 = lognormal(12, 6, 5), y2 = lognormal(12, 7, 5);
        String svg = Scatter.parity("p", "m", "s", List.of(new Scatter.Points("a", x1, y1), new Scatter.Points("b", x2, y2)), 0.1).svg();
        assertEquals(49, count(svg, "<circle"));
        assertTrue(svg.contains("class=\"band\"") && svg.contains("class=\"identity\""));
        assertFalse(svg.contains("not shown"));
        String linear = Scatter.of("q", "tokens", "APE %", List.of(new Scatter.Points("", new double[] {0, 1, 2}, new double[] {5, 0, -1})), false, false).svg();
        assertEquals(3, count(linear, "<circle"));
        String log = Scatter.of("q", "tokens", "APE %", List.of(new Scatter.Points("", new double[] {0, 1, 2}, new double[] {5, 3, Double.NaN})), true, true).svg();
        assertEquals(1, count(log, "<circle"));
        assertTrue(log.contains("2 of 3 points not shown"));
        assertThrows(IllegalArgumentException.class, () -> new Scatter.Points("bad", new double[2], new double[3]));
    }

    static final Pattern POINT = Pattern.compile("([ML])(-?[0-9.]+),(-?[0-9.]+)");

    static void assertMonotone(String svg, int series) {
        Matcher paths = Pattern.compile("class=\"cdf\"[^>]* d=\"([^\"]+)\"").matcher(svg);
        int seen = 0;
        while (paths.find()) {
            seen++;
            Matcher p = POINT.matcher(paths.group(1));
            double lastX = Double.NEGATIVE_INFINITY, lastY = Double.POSITIVE_INFINITY, firstY = Double.NaN;
            int points = 0;
            while (p.find()) {
                double x = Double.parseDouble(p.group(2)), y = Double.parseDouble(p.group(3));
                if (points++ == 0) firstY = y;
                assertTrue(x >= lastX, "x never decreases");
                assertTrue(y <= lastY, "share never decreases (SVG y grows downwards)");
                lastX = x;
                lastY = y;
            }
            assertTrue(points > 2);
            assertTrue(firstY > lastY, "rises from 0 to 1");
        }
        assertEquals(series, seen);
    }

    @Test
    void aCdfNeverFallsOnEitherAxisKind() {
        double[] small = {5, 1, 3, 3, Double.NaN, 0, 8};
        double[] big = lognormal(5000, 9, 1);
        for (boolean log : new boolean[] {false, true}) {
            String svg = new Cdf("c", "|error| %", List.of(new Sample("small", small), new Sample("big", big)), log).svg();
            assertMonotone(svg, 2);
            assertTrue(svg.length() < 200_000, "large series are drawn through quantiles: " + svg.length());
        }
    }

    @Test
    void barsNeedOneValuePerCategory() {
        assertThrows(IllegalArgumentException.class, () -> new Bars("b", "y", List.of("a", "b"), List.of(new Sample("s", new double[] {1})), false));
        String svg = new Bars("b", "y", List.of("a", "b"), List.of(new Sample("s", new double[] {1, Double.NaN})), true).svg();
        assertEquals(1, count(svg, "<rect fill="), "NaN leaves a gap");
    }

    @Test
    void numbersIgnoreTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1.5", Num.fixed(1.5, 1));
            assertEquals("+4.4", Num.signed(4.44, 1));
            assertEquals("1.5k", Num.tick(1500));
            assertEquals("20M", Num.tick(2e7));
            assertEquals("0.3", Num.tick(0.1 + 0.2));
            assertEquals("1e-4", Num.tick(1e-4));
            assertEquals("1056", Num.brief(1055.6));
            assertEquals("9.42", Num.brief(9.4166));
            assertEquals("123k", Num.brief(123_456));
            assertEquals("-0.5", Num.px(-0.49));
            assertEquals("12", Num.px(12.04));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void scalesCoverTheDataWithRoundTicks() {
        var lin = Scale.Linear.covering(0, 97);
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), lin.ticks());
        var log = Scale.Log.covering(3, 4000);
        assertEquals(2, log.min(), 1e-12);
        assertEquals(5000, log.max(), 1e-9);
        assertEquals(List.of(10.0, 100.0, 1000.0), log.ticks());
        List<Double> fine = new ArrayList<>(Scale.Log.covering(20, 300).ticks());
        assertEquals(List.of(20.0, 50.0, 100.0, 200.0, 500.0), fine);
        var decades = Scale.Log.covering(10, 1000);
        assertEquals(10, decades.min(), 1e-12);
        assertEquals(1000, decades.max(), 1e-9);
        assertEquals(0.5, decades.fraction(100), 1e-12);
        assertEquals(0, decades.fraction(-1));
        var narrow = Scale.Log.covering(19, 39);
        assertEquals(10, narrow.min(), 1e-12);
        assertEquals(50, narrow.max(), 1e-9);
    }
}
