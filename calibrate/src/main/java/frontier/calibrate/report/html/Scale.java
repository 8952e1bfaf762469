package frontier.calibrate.report.html;

import java.util.ArrayList;
import java.util.List;

/** A chart axis's mapping from data values to a 0..1 position, with the ticks worth labelling. */
public sealed interface Scale permits Scale.Linear, Scale.Log {

    double min();

    double max();

    /** Where {@code v} sits, 0 at {@link #min()} and 1 at {@link #max()}; outside values are clamped. */
    double fraction(double v);

    List<Double> ticks();

    /** Whether the value can be placed at all (finite, and positive on a log axis). */
    boolean accepts(double v);

    static Scale covering(boolean log, double lo, double hi) {
        return log ? Log.covering(lo, hi) : Linear.covering(lo, hi);
    }

    /**
     * The scale covering every value of the series that such an axis can place, reaching down to
     * at least {@code lowest} (a bar chart's zero; positive infinity for no such bound).
     */
    static Scale covering(boolean log, java.util.List<Sample> series, double lowest) {
        Scale probe = covering(log, 1, 1);
        double lo = lowest, hi = Double.NEGATIVE_INFINITY;
        for (Sample s : series) {
            for (double v : s.values()) {
                if (!probe.accepts(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return covering(log, lo, hi);
    }

    /** Rounded out to a multiple of 1, 2, 2.5 or 5 times a power of ten, about five steps wide. */
    record Linear(double min, double max, double step) implements Scale {

        public static Linear covering(double lo, double hi) {
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
                lo = 0;
                hi = 1;
            }
            if (hi < lo) {
                double t = lo;
                lo = hi;
                hi = t;
            }
            if (hi == lo) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= pad;
                hi += pad;
            }
            double raw = (hi - lo) / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double r = raw / mag;
            double step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
            return new Linear(Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step, step);
        }

        @Override
        public double fraction(double v) {
            return Math.clamp((v - min) / (max - min), 0.0, 1.0);
        }

        @Override
        public List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            long first = Math.round(min / step), last = Math.round(max / step);
            for (long k = first; k <= last; k++) t.add(k * step);
            return t;
        }

        @Override
        public boolean accepts(double v) {
            return Double.isFinite(v);
        }
    }

    /**
     * Bounds rounded out to 1, 2 or 5 times a power of ten, so a narrow range (TPOT between 19
     * and 39 ms) is not stretched over a whole decade; ticks at powers of ten, with 2 and 5
     * between them when the range spans at most two decades.
     */
    record Log(double min, double max) implements Scale {

        private static final double[] STEPS = {1, 2, 5};

        public static Log covering(double lo, double hi) {
            if (!(lo > 0) || !Double.isFinite(lo)) lo = hi > 0 && Double.isFinite(hi) ? hi : 1;
            if (!(hi > 0) || !Double.isFinite(hi)) hi = lo;
            if (hi < lo) {
                double t = lo;
                lo = hi;
                hi = t;
            }
            double min = down(lo), max = up(hi);
            if (max <= min) max = up(min * 1.0001);
            return new Log(min, max);
        }

        /** The largest 1, 2 or 5 times a power of ten at or below v. */
        static double down(double v) {
            int e = (int) Math.floor(Math.log10(v) + 1e-9);
            double best = Math.pow(10, e);
            for (double s : STEPS) if (s * Math.pow(10, e) <= v * (1 + 1e-9)) best = s * Math.pow(10, e);
            return best;
        }

        /** The smallest 1, 2 or 5 times a power of ten at or above v. */
        static double up(double v) {
            int e = (int) Math.floor(Math.log10(v) + 1e-9);
            for (double s : STEPS) if (s * Math.pow(10, e) >= v * (1 - 1e-9)) return s * Math.pow(10, e);
            return Math.pow(10, e + 1);
        }

        @Override
        public double fraction(double v) {
            if (!(v > 0)) return 0;
            return Math.clamp((Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)), 0.0, 1.0);
        }

        @Override
        public List<Double> ticks() {
            double decades = Math.log10(max) - Math.log10(min);
            int e0 = (int) Math.floor(Math.log10(min) + 1e-9), e1 = (int) Math.ceil(Math.log10(max) - 1e-9);
            int every = Math.max(1, (int) Math.ceil(decades / 8.0));
            List<Double> t = new ArrayList<>();
            for (int e = e0; e <= e1; e++) {
                if (Math.floorMod(e - e0, every) != 0) continue;
                for (double s : decades <= 2.01 ? STEPS : new double[] {1}) {
                    double v = s * Math.pow(10, e);
                    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) t.add(v);
                }
            }
            return t;
        }

        @Override
        public boolean accepts(double v) {
            return v > 0 && Double.isFinite(v);
        }
    }
}
