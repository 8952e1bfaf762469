package frontier.calibrate.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import frontier.calibrate.UserInputException;

class HardwareProfilesTest {
    static final String SYSTEM = """
            gpu:
              mem_bw: 4800000000000
              mem_capacity: 151397597184
              bfloat16_tc_flops: 989000000000000
              fp8_tc_flops: 1978000000000000
              sm_version: 90
            node:
              num_gpus_per_node: 8
              inter_node_bw: 50000000000
              intra_node_bw: 450000000000
              pcie_bw: 64000000000
              p2p_latency: 0.00001
            """;

    @Test
    void everyShippedProfileAndAliasLoads() {
        var profiles = HardwareProfiles.discover();
        for (String n : profiles.names()) {
            var hw = profiles.load(n);
            assertEquals(n, hw.name());
            assertFalse(hw.sources().isEmpty(), n + " names the sources of its figures");
        }
        for (String[] alias : new String[][] {{"b200_sxm", "b200"}, {"gb200_sxm", "gb200"}, {"b300_sxm", "b300"}, {"gb300_sxm", "gb300"}}) {
            assertEquals(alias[1], profiles.load(alias[0]).name(), alias[0]);
        }
        var unknown = assertThrows(UserInputException.class, () -> profiles.load("z100_sxm"));
        assertTrue(unknown.getMessage().contains("unknown hardware 'z100_sxm'"), unknown.getMessage());
    }

    @Test
    void anAiconfiguratorSystemFileReadsAsAProfile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("h200_sxm.yaml");
        Files.writeString(f, SYSTEM);
        var hw = HardwareProfiles.discover().load(f.toString());
        assertEquals("h200_sxm", hw.name());
        assertEquals(132, hw.smCount(), "SM90's data-center part");
        assertEquals(4.8e12, hw.memoryBandwidth(), 1);
        assertEquals(151397597184.0, hw.memoryBytes(), 1);
        assertEquals(989e12, hw.peakFlops(Dtype.BF16), 1);
        assertEquals(1978e12, hw.peakFlops(Dtype.FP8), 1);
        assertEquals(1978e12, hw.peakFlops(Dtype.FP4), 1, "no fp4 tensor cores: fp4 runs at the fp8 rate");
        assertEquals(8, hw.gpusPerNode());
        assertEquals(450e9, hw.intraNodeBandwidth(), 1);
        assertEquals(50e9, hw.interNodeBandwidth(), 1);
        assertEquals(1e-5, hw.interNodeLatency(), 1e-12);
    }

    @Test
    void aSystemFileWithoutAFigureSaysWhichField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("h200_sxm.yaml");
        Files.writeString(f, SYSTEM.replace("  pcie_bw: 64000000000\n", ""));
        var e = assertThrows(UserInputException.class, () -> HardwareProfiles.parse(f));
        assertTrue(e.getMessage().contains("'pcie_bw'"), e.getMessage());
        Files.writeString(f, SYSTEM.replace("sm_version: 90", "sm_version: 75"));
        var sm = assertThrows(UserInputException.class, () -> HardwareProfiles.parse(f));
        assertTrue(sm.getMessage().contains("gpu.sm_count"), sm.getMessage());
    }
}
