package frontier.simulate.cluster;

import java.util.Locale;

/** What a cluster's instances do with a request. */
public enum Role {
    /** Prefill and decode on the same instances (vLLM's default). */
    COLOCATED,
    /** Prefill only; the KV cache then moves to a decode cluster (PD disaggregation). */
    PREFILL,
    /** Decode only, after the KV cache arrived. */
    DECODE,
    /** Attention and KV cache; the FFN/expert layers run on an FFN cluster (AF disaggregation). */
    ATTENTION,
    /** The FFN or expert layers of an AF-disaggregated deployment. */
    FFN;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Role parse(String s) {
        for (Role r : values()) if (r.label().equals(s)) return r;
        return null;
    }
}
