package frontier.simulate.cluster;

/** How arriving requests are spread over the instances of the first-stage cluster. */
public enum RouterPolicy {
    ROUND_ROBIN, LEAST_OUTSTANDING_TOKENS, PREFIX_AFFINITY;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static RouterPolicy parse(String s) {
        for (RouterPolicy r : values()) if (r.label().equals(s)) return r;
        return null;
    }
}
