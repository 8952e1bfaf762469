package frontier.simulate.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import frontier.calibrate.fit.ErrorStats;
import frontier.calibrate.model.ModelConfig;
import frontier.calibrate.model.ModelConfigs;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cost.EagerLaunches;

/**
 * The host time per operator launched outside a CUDA graph that measured first tokens would imply
 * if the launching were all they waited for: agg rows with the shortest prompts the table
 * holds (1,024 tokens) at the lowest concurrency each deployment was measured at, where a request
 * mostly prefills alone. Each such row gives its mean TTFT divided by the operators one eager step
 * of its model and layout launches ({@link EagerLaunches}); an engine's value is the median over
 * its rows. All of the TTFT is charged to the host, so the GPU's own time, queueing and any time
 * per request make a row read high: the value is an upper bound, and the median over many
 * deployments keeps one row from setting it.
 *
 * <p>The rows it reads are chosen by system, so the value can come from one GPU's rows and be
 * checked against another's.
 *
 * @param engine  backend
 * @param rows    rows read
 * @param usPerOp median host time per launched operator (us)
 * @param lowUs   lowest of the rows' values (us)
 * @param highUs  highest of the rows' values (us)
 */
public record EagerHostFit(String engine, int rows, double usPerOp, double lowUs, double highUs) {

    /** The prompt length the floor is read at: the shortest the table measures. */
    public static final int ISL = 1024;

    /** Engines that launch their prompt steps eagerly (they capture decode batches only). */
    static final List<String> EAGER_PROMPT_ENGINES = List.of("sglang", "trtllm");

    public static List<EagerHostFit> fit(List<SiliconRow> rows, ModelConfigs models) {
        // the lowest concurrency measured for each deployment (system, engine, release, model, layout, ISL/OSL)
        Map<String, SiliconRow> lowest = new LinkedHashMap<>();
        var known = java.util.Set.copyOf(models.known());
        for (SiliconRow r : rows) {
            if (r.invalid() != null || r.disagg() || r.agg() == null || r.isl() != ISL || r.concurrency() <= 0
                    || !EAGER_PROMPT_ENGINES.contains(r.backend()) || !(r.ttftMs() > 0) || !known.contains(r.model())) {
                continue;
            }
            var a = r.agg();
            String key = String.join("|", r.system(), r.backend(), r.backendVersion(), r.model(), r.precision(),
                    a.tp() + "/" + a.pp() + "/" + a.dp() + "/" + a.ep(), r.isl() + "/" + r.osl());
            lowest.merge(key, r, (x, y) -> y.concurrency() < x.concurrency() ? y : x);
        }
        Map<String, List<Double>> perEngine = new TreeMap<>();
        Map<String, ModelConfig> configs = new HashMap<>();
        for (SiliconRow r : lowest.values()) {
            var a = r.agg();
            ModelConfig m = configs.computeIfAbsent(r.model(), models::load);
            int launches = EagerLaunches.perStep(m, new Layout(1, a.tp(), a.pp(), a.dp(), a.ep()), r.backend());
            perEngine.computeIfAbsent(r.backend(), k -> new ArrayList<>()).add(r.ttftMs() * 1000 / launches);
        }
        List<EagerHostFit> out = new ArrayList<>();
        for (var e : perEngine.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.add(new EagerHostFit(e.getKey(), v.length, ErrorStats.percentile(v, 50), v[0], v[v.length - 1]));
        }
        return out;
    }
}
