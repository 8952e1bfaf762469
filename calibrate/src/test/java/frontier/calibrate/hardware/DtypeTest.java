package frontier.calibrate.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DtypeTest {
    @Test
    void blackwellMixedFp4QuantModesAreFp4Weights() {
        // aiconfigurator's MoE quant modes for fp4 weights with fp8 activations (TensorRT-LLM's trtllm-gen kernels)
        for (String mode : new String[] {"w4a8_mxfp4_mxfp8", "w4a8_mxfp4_fp8", "w4a8_nvfp4_fp8", "w4afp8", "nvfp4"}) {
            assertEquals(Dtype.FP4, Dtype.parseOrNull(mode), mode);
        }
        assertEquals(Dtype.INT4_WEIGHT_ONLY, Dtype.parseOrNull("w4a16_mxfp4"), "weight-only mxfp4 computes in bf16");
        assertNull(Dtype.parseOrNull("w3a5_custom"));
    }
}
