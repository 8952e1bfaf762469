package frontier.calibrate.hardware;

import java.util.Locale;

/**
 * Numeric formats as kernel tables and model configs name them. Each format knows how many bytes an
 * element takes in memory and which tensor-core peak its arithmetic runs at.
 */
public enum Dtype {
    FP32(4, "fp32"),
    BF16(2, "bfloat16"),
    FP8(1, "fp8"),
    INT8(1, "int8"),
    /** NVFP4/MXFP4: 4-bit values plus one 8-bit scale per 16 elements. */
    FP4(0.5625, "fp4"),
    /** Weight-only int4 (AWQ/GPTQ/Marlin): 4-bit weights, arithmetic in bf16. */
    INT4_WEIGHT_ONLY(0.5625, "int4_wo");

    private final double bytes;
    private final String label;

    Dtype(double bytes, String label) {
        this.bytes = bytes;
        this.label = label;
    }

    public double bytesPerElement() { return bytes; }
    public String label() { return label; }

    /** The format whose tensor-core peak bounds this format's arithmetic. */
    public Dtype computeFormat() {
        return this == INT4_WEIGHT_ONLY ? BF16 : this;
    }

    /**
     * Formats that run a kernel of this format where no kernel of it was measured: a GPU without
     * fp4 tensor cores runs 4-bit weights weight-only or in bf16; fp8 and int8 fall back to bf16.
     */
    public java.util.List<Dtype> fallbacks() {
        return switch (this) {
            case FP4 -> java.util.List.of(INT4_WEIGHT_ONLY, FP8, BF16);
            case INT4_WEIGHT_ONLY -> java.util.List.of(FP4, BF16);
            case FP8, INT8 -> java.util.List.of(BF16);
            case BF16 -> java.util.List.of(FP32);
            case FP32 -> java.util.List.of(BF16);
        };
    }

    /** Parses the many spellings used by kernel tables and configs; null when the name is unknown. */
    public static Dtype parseOrNull(String name) {
        if (name == null) return null;
        String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "fp32", "float32", "float", "tf32" -> FP32;
            case "bf16", "bfloat16", "fp16", "float16", "half", "auto" -> BF16;
            case "fp8", "fp8_block", "fp8_e4m3", "fp8_e4m3fn", "e4m3", "fp8_e5m2", "fp8_static", "fp8_dynamic",
                 "w8a8_fp8", "float8_e4m3fn" -> FP8;
            case "int8", "w8a8", "int8_wo", "w8a8_int8", "int8_sq" -> INT8;
            case "fp4", "nvfp4", "mxfp4", "w4a4_nvfp4", "w4a4_mxfp4", "w4afp8", "mxfp4_mxfp8", "w4a8_mxfp4_mxfp8", "w4a8_mxfp4_fp8",
                 "w4a8_nvfp4_fp8", "fp4_block" -> FP4;
            case "int4", "int4_wo", "w4a16", "awq", "gptq", "int4_awq", "w4a16_awq", "w4a16_gptq", "w4a16_mxfp4" -> INT4_WEIGHT_ONLY;
            default -> null;
        };
    }

    public static Dtype parse(String name) {
        Dtype d = parseOrNull(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown numeric format '" + name
                    + "' (known: bfloat16, fp16, fp8, fp8_block, int8, nvfp4, mxfp4, int4_wo, fp32)");
        }
        return d;
    }
}
