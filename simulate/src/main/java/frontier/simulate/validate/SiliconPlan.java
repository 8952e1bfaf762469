package frontier.simulate.validate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import frontier.calibrate.UserInputException;
import frontier.calibrate.hardware.Dtype;
import frontier.calibrate.hardware.HardwareProfile;
import frontier.calibrate.hardware.HardwareProfiles;
import frontier.calibrate.model.ModelConfig;
import frontier.simulate.cluster.Deployments;
import frontier.simulate.cluster.Layout;
import frontier.simulate.cost.Binding;
import tools.jackson.databind.node.ObjectNode;

/**
 * A row before it runs: either ready (a deployment tree and the kernel tables to calibrate), or
 * already a final {@link SiliconCase} because nothing can be built from it. Only what the row
 * itself rules out is decided here; everything the engine may or may not support is left to
 * building and running the deployment, so coverage follows the engine as it gains features.
 */
public sealed interface SiliconPlan permits SiliconPlan.Ready, SiliconCase {

    record Ready(SiliconRow row, KernelTables.Choice kernels, ObjectNode deployment) implements SiliconPlan {}

    /** Plans rows against one kernel-table root and the shipped hardware profiles. */
    final class Planner {
        private final KernelTables tables;
        private final HardwareProfiles profiles;
        private final Map<String, Optional<SiliconMapping.Hardware>> hardware = new ConcurrentHashMap<>();
        private final Map<String, SiliconValidation.ModelLookup> models = new ConcurrentHashMap<>();

        private final List<SiliconMapping.EngineSetting> settings;

        public Planner(KernelTables tables, HardwareProfiles profiles) {
            this(tables, profiles, List.of());
        }

        /** @param settings engine settings added to the deployments of their backend's rows */
        public Planner(KernelTables tables, HardwareProfiles profiles, List<SiliconMapping.EngineSetting> settings) {
            this.tables = tables;
            this.profiles = profiles;
            this.settings = List.copyOf(settings);
        }

        /** A system's hardware profile, if it has one. */
        Optional<HardwareProfile> profile(String system) {
            return hardware(system).map(SiliconMapping.Hardware::profile);
        }

        /** The model configs looked up while planning, by model id (shared with the runs that follow). */
        Map<String, SiliconValidation.ModelLookup> models() { return models; }

        public SiliconPlan plan(SiliconRow row) {
            // a disagg row without worker counts describes no deployment, whatever else it holds
            if (row.disagg() && (row.prefill().count() == 0 || row.decode().count() == 0)) return new SiliconCase.LayoutNotGiven(row);
            if (row.invalid() != null) return new SiliconCase.NotSimulated(row, "", "unreadable row: " + row.invalid());
            if (row.precision().isEmpty()) {
                // no quantization asked for: the engine serves the checkpoint in the format it was published in
                ModelConfig m = config(row);
                if (m == null || m.weightDtype() == null) {
                    return new SiliconCase.NotSimulated(row, "", "precision is empty and the model's config, which would give the "
                            + "checkpoint's format, is not known");
                }
                row = row.withPrecision(m.weightDtype().label());
            }
            if (!tables.hasSystem(row.system())) {
                return new SiliconCase.NotSimulated(row, "", "no kernel tables for system " + row.system());
            }
            var choice = tables.nearest(row.system(), row.backend(), row.backendVersion(), moeNeeds(row));
            if (choice.isEmpty()) {
                return new SiliconCase.NotSimulated(row, "", "no " + row.backend() + " kernel tables for system " + row.system());
            }
            var kernels = choice.get();
            var hw = hardware(row.system());
            if (hw.isEmpty()) {
                return new SiliconCase.NotSimulated(row, kernels.version(), "no hardware profile for system " + row.system()
                        + " (expected " + profiles.folder().resolve(row.system() + ".yaml") + ", an alias in one, or an aiconfigurator system file "
                        + tables.root().resolve(row.system() + ".yaml") + ")");
            }
            if (SiliconMapping.dtype(row.precision()) == null) {
                return new SiliconCase.NotSimulated(row, kernels.version(), "precision '" + row.precision() + "' is not a known format");
            }
            if (row.concurrency() <= 0) {
                return new SiliconCase.NotSimulated(row, kernels.version(), "concurrency not given (no silicon_concurrency, no batch_size)");
            }
            return new Ready(row, kernels, SiliconMapping.deployment(row, kernels, hw.get(), settings));
        }

        /** The row's model config, looked up once per model id; null when it cannot be found. */
        private ModelConfig config(SiliconRow row) {
            return models.computeIfAbsent(row.model(), SiliconValidation::model) instanceof SiliconValidation.ModelLookup.Found(ModelConfig c)
                    ? c : null;
        }

        /**
         * The expert layouts (MoE-TP, EP) and format a MoE row's clusters run at, as the step cost
         * lays them out; none for a dense or unknown model (the run reports those on its own).
         */
        private List<KernelTables.MoeNeed> moeNeeds(SiliconRow row) {
            ModelConfig config = config(row);
            if (config == null || !config.isMoe()) return List.of();
            String label = SiliconMapping.moeFormat(row) != null ? SiliconMapping.moeFormat(row) : SiliconMapping.gemmFormat(row);
            Dtype dtype = label == null ? null : Dtype.parseOrNull(label);
            if (dtype == null) return List.of();
            Object format = Binding.wanted(dtype, Deployments.format(label, dtype));
            List<SiliconRow.Workers> clusters = row.disagg() ? List.of(row.prefill(), row.decode()) : List.of(row.agg());
            return clusters.stream().map(w -> new KernelTables.MoeNeed(format, Layout.moeTp(w.tp(), w.dp(), w.ep()), Math.max(1, w.ep())))
                    .toList();
        }

        /**
         * The system's profile in {@code hardware-profiles/} (by name or alias), else the
         * aiconfigurator system file beside its kernel tables: tables of a GPU this project has no
         * profile for come with one.
         */
        private Optional<SiliconMapping.Hardware> hardware(String system) {
            return hardware.computeIfAbsent(system, s -> {
                try {
                    return Optional.of(new SiliconMapping.Hardware(s, profiles.load(s)));
                } catch (UserInputException e) {
                    java.nio.file.Path beside = tables.root().resolve(s + ".yaml");
                    if (!java.nio.file.Files.isRegularFile(beside)) return Optional.empty();
                    try {
                        return Optional.of(new SiliconMapping.Hardware(beside.toAbsolutePath().toString(), HardwareProfiles.parse(beside, s)));
                    } catch (UserInputException bad) {
                        return Optional.empty();
                    }
                }
            });
        }
    }
}
