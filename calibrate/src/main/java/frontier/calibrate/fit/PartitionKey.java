package frontier.calibrate.fit;

import frontier.calibrate.profile.Family;

/**
 * Models are fitted per operator family and per measured software stack: a vLLM 0.19 GEMM table
 * and an SGLang 0.5.9 one describe different kernels and must not be averaged.
 */
public record PartitionKey(Family family, String framework, String version) implements Comparable<PartitionKey> {

    public PartitionKey {
        framework = framework == null ? "" : framework;
        version = version == null ? "" : version;
    }

    /** "gemm" or "gemm@vllm-0.19.0". */
    public String label(boolean qualified) {
        if (!qualified || (framework.isEmpty() && version.isEmpty())) return family.label();
        return family.label() + "@" + framework + (version.isEmpty() ? "" : "-" + version);
    }

    public String stack() {
        return framework + (version.isEmpty() ? "" : "-" + version);
    }

    @Override
    public int compareTo(PartitionKey o) {
        int c = family.compareTo(o.family);
        if (c != 0) return c;
        c = framework.compareTo(o.framework);
        return c != 0 ? c : version.compareTo(o.version);
    }
}
