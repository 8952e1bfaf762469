package frontier.calibrate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import frontier.calibrate.UserInputException;

class ModelConfigsTest {
    final ModelConfigs shipped = ModelConfigs.shipped();

    @Test
    void aLocalCheckoutIsFoundByTheHubIdItsPathEndsIn() {
        var byId = shipped.resolveId("Qwen/Qwen3-30B-A3B");
        assertTrue(byId != null && byId.endsWith("Qwen--Qwen3-30B-A3B/config.json"), String.valueOf(byId));
        assertEquals(byId, shipped.resolveId("/data/checkpoints/Qwen/Qwen3-30B-A3B"));
        assertEquals(byId, shipped.resolveId("/data/checkpoints/Qwen/Qwen3-30B-A3B/"));
        assertEquals(byId, shipped.resolveId("/root/.cache/huggingface/hub/models--Qwen--Qwen3-30B-A3B/snapshots/0123abcd"));
        // an alias resolves through a path as it does by itself
        assertEquals(shipped.resolveId("meta-llama/Llama-3.1-8B"), shipped.resolveId("/models/meta-llama/Llama-3.1-8B"));
        assertEquals(32, shipped.load("/models/meta-llama/Llama-3.1-8B").layers());
    }

    @Test
    void aPathEndingInNoKnownModelIsStillUnknown() {
        assertNull(shipped.resolveId("/data/acme/NotAModel-7B"));
        assertNull(shipped.resolveId("/root/.cache/huggingface/hub/models--acme--NotAModel-7B/snapshots/x"));
        var e = assertThrows(UserInputException.class, () -> shipped.load("/data/acme/NotAModel-7B"));
        assertTrue(e.getMessage().startsWith("unknown model '/data/acme/NotAModel-7B'"), e.getMessage());
    }
}
