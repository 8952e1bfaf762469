package frontier.calibrate.report.html;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Number text for reports. Everything goes through Locale.ROOT and fixed rounding so that a
 * report's bytes depend only on its data, never on the machine's locale.
 */
public final class Num {
    private Num() {}

    private static final String[] SI = {"", "k", "M", "G", "T", "P", "E"};

    /** An SVG coordinate: one decimal, no trailing ".0". */
    public static String px(double v) {
        long t = Math.round(v * 10);
        long whole = t / 10, tenth = Math.abs(t % 10);
        String sign = t < 0 && whole == 0 ? "-" : "";
        return tenth == 0 ? sign + whole : sign + whole + "." + tenth;
    }

    /** A fixed number of decimals, "-" where there is no value. */
    public static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }

    /** A signed value, "+4.4" or "-3.1", "-" where there is no value. */
    public static String signed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+." + decimals + "f", v) : "-";
    }

    /** A bar's value: three significant digits (9.42, 94.2, 942), whole up to 9999, SI suffixes above. */
    public static String brief(double v) {
        if (!Double.isFinite(v)) return "-";
        if (v == 0) return "0";
        if (Math.abs(v) >= 10_000) {
            return tick(new BigDecimal(v).round(new MathContext(3)).doubleValue());
        }
        if (Math.abs(v) >= 1000) return Long.toString(Math.round(v));
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * The values with everything below {@code floor} raised to it: on a log axis of errors, a
     * 1e-7% error says nothing that 0.01% does not, and would stretch the axis over decades.
     */
    public static double[] atLeast(double[] values, double floor) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
        return out;
    }

    /** Axis tick text: 1.5k, 20M, 3T for large values, up to four significant digits below. */
    public static String tick(double v) {
        if (!Double.isFinite(v)) return "-";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1000) {
            int i = 0;
            while (a >= 1000 && i < SI.length - 1) {
                a /= 1000;
                i++;
            }
            return (v < 0 ? "-" : "") + plain(a) + SI[i];
        }
        if (a < 1e-3) return String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-");
        return plain(v);
    }

    private static String plain(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
