package frontier.simulate.cost;

import frontier.calibrate.model.ModelConfig;
import frontier.simulate.cluster.Layout;

/**
 * The operators the host launches one by one for a step that runs outside a CUDA graph, counted
 * over all layers as the step cost model prices them: per attention layer its norms, projections,
 * rotary embedding, q/k norm, the attention kernel and the tensor-parallel all-reduces; per
 * linear-attention layer its two projections, the recurrence and the same norms and all-reduces;
 * per dense MLP its two GEMMs and the activation; per MoE layer the router, the top-k, two grouped
 * GEMMs with the activation between them, a shared expert that runs apart, and the dispatch and
 * combine between data-parallel ranks. An MoE layer launches several times the operators of a
 * dense one, which is why the host time of an eager step is counted per operator and not per layer.
 */
public final class EagerLaunches {

    private EagerLaunches() {}

    public static int perStep(ModelConfig m, Layout layout, String engine) {
        int tp = layout.tp();
        int norms = StepCostModel.normsApart(engine, tp) ? 2 : 0;
        int rotary = StepCostModel.ropeApart(engine) ? 1 : 0;
        int reduces = tp > 1 ? 2 : 0;
        int projections;
        if (m.isMla()) {
            projections = (m.mla().qLoraRank() > 0 ? 1 : 0) + 3;
        } else {
            projections = 2;
        }
        int attentionLayer = norms + projections + rotary + (m.qkNorm() ? 1 : 0) + 1 + reduces;
        int linearLayer = norms + 3 + reduces;
        int launches = (m.layers() - m.linearLayers()) * attentionLayer + m.linearLayers() * linearLayer;
        launches += m.denseLayers() * 3;
        if (m.isMoe()) {
            var moe = m.moe();
            boolean sharedApart = moe.sharedExperts() > 0 && !StepCostModel.sglangFusesSharedExpert(engine, m, layout);
            int moeLayer = 1 + 1 + 3 + (sharedApart ? 3 : 0) + (layout.dp() > 1 ? 2 : 0);
            launches += m.moeLayers() * moeLayer;
        }
        return launches;
    }
}
