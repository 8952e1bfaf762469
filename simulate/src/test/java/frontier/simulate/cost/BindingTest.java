package frontier.simulate.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import frontier.calibrate.hardware.Dtype;

class BindingTest {

    @Test
    void aSpelledFormatPrefersItsOwnRowsOverOthersOfTheSameDtype() {
        var block = List.<Object>of(Binding.wanted(Dtype.FP8, "fp8_block"));
        assertTrue(Binding.score(new String[] {"fp8_block"}, block) > Binding.score(new String[] {"fp8"}, block));
        // with only per-tensor rows measured, block-scaled FP8 still binds to them, then to bf16
        assertEquals(Binding.SAME, Binding.score(new String[] {"fp8"}, block));
        assertEquals(Binding.FALLBACK, Binding.score(new String[] {"bfloat16"}, block));
        assertEquals(-1, Binding.score(new String[] {"int4_wo"}, block));
        // the bare dtype keeps preferring the table's own spelling of it
        var plain = List.<Object>of(Binding.wanted(Dtype.FP8, null));
        assertTrue(Binding.score(new String[] {"fp8"}, plain) > Binding.score(new String[] {"fp8_block"}, plain));
    }

    @Test
    void fourBitWeightsWithoutFp4TensorCoresRunWeightOnlyBeforeWideFormats() {
        var fp4 = List.<Object>of(Dtype.FP4);
        int int4 = Binding.score(new String[] {"int4_wo"}, fp4), fp8 = Binding.score(new String[] {"fp8"}, fp4),
                bf16 = Binding.score(new String[] {"bfloat16"}, fp4);
        assertTrue(int4 > fp8 && fp8 > bf16, int4 + " > " + fp8 + " > " + bf16);
        // 4-bit float weights prefer a table's weight-only FP4 kernel over Marlin int4
        assertTrue(Binding.score(new String[] {"w4a16_mxfp4"}, fp4) > int4);
        var mxfp4 = List.<Object>of(Binding.wanted(Dtype.FP4, "mxfp4"));
        assertTrue(Binding.score(new String[] {"w4a16_mxfp4"}, mxfp4) > Binding.score(new String[] {"int4_wo"}, mxfp4));
    }
}
