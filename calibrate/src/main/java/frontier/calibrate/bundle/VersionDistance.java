package frontier.calibrate.bundle;

/**
 * How far apart two release strings are ("0.19.0" vs "0.18.0", "1.2.0rc5" vs "1.1.0rc2.post2"):
 * numeric parts compared left to right, earlier parts weighing more. Used to pick the collected
 * kernel table nearest to a deployment's framework version, and to tell which of two is newer.
 */
public final class VersionDistance {
    private VersionDistance() {}

    public static double between(String a, String b) {
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) return 1e9;
        double[] x = parts(a), y = parts(b);
        double d = 0, weight = 1e6;
        for (int i = 0; i < 4; i++) {
            d += Math.abs(x[i] - y[i]) * weight;
            weight /= 1000;
        }
        return d;
    }

    /** Negative, zero or positive as release {@code a} is older than, the same as or newer than {@code b}. */
    public static int compare(String a, String b) {
        double[] x = parts(a), y = parts(b);
        for (int i = 0; i < 4; i++) {
            int c = Double.compare(x[i], y[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    static double[] parts(String v) {
        double[] p = new double[4];
        String[] s = v.split("[^0-9]+");
        int k = 0;
        for (String t : s) {
            if (t.isEmpty()) continue;
            if (k == 4) break;
            try {
                p[k++] = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                k++;
            }
        }
        return p;
    }
}
