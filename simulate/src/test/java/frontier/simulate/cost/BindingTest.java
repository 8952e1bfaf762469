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
        assertEquals(2, Binding.score(new String[] {"fp8"}, block));
        assertEquals(1, Binding.score(new String[] {"bfloat16"}, block));
        assertEquals(-1, Binding.score(new String[] {"int4_wo"}, block));
        // the bare dtype keeps preferring the table's own spelling of it
        var plain = List.<Object>of(Binding.wanted(Dtype.FP8, null));
        assertTrue(Binding.score(new String[] {"fp8"}, plain) > Binding.score(new String[] {"fp8_block"}, plain));
    }
}
