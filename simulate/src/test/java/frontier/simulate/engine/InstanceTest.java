package frontier.simulate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import frontier.simulate.cluster.ClusterSpec;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cluster.Role;
import frontier.simulate.schedule.KvCache;
import frontier.simulate.schedule.Scheduler;
import frontier.simulate.schedule.Sequence;
import frontier.simulate.workload.Request;

class InstanceTest {
    @Test
    void vllmWeighsAWaitingRequestAsFourRunningOnesWhereOthersCountTokens() {
        var engine = SimulationTest.engine(64, 4096);
        Scheduler[] ranks = {new Scheduler(engine, new KvCache(1000, 16, false)), new Scheduler(engine, new KvCache(1000, 16, false))};
        var inst = new Instance(0, 0, new ClusterSpec("c", Role.COLOCATED, new Layout(1, 1, 1, 2, 2), engine), ranks, null);
        for (int i = 0; i < 3; i++) ranks[1].enqueue(new Sequence(new Request(i, 0, 16, 2, null, 0, "r" + i)), 0);
        ranks[1].schedule(0); // three running on rank 1
        ranks[0].enqueue(new Sequence(new Request(3, 0, 16, 2, null, 0, "w")), 0); // one waiting on rank 0
        inst.rankOutstanding[0] = 18;
        inst.rankOutstanding[1] = 54;
        assertEquals(1, inst.pickRank(true), "4 x 1 waiting outweighs 3 running");
        assertEquals(0, inst.pickRank(false), "rank 0 holds fewer outstanding tokens");
    }
}
