package frontier.calibrate.fit;

import java.util.Map;

/**
 * What calibration proved about one partition: the chosen model and its held-out error on both
 * splits, beside the baselines fitted on the same training rows.
 *
 * @param cvP95          cross-validated p95 APE of every candidate on the training split (at the bare roofline)
 * @param fixedUs        the fixed cost per call the model's efficiency is measured against, beside the roofline
 * @param model          the chosen model fitted on the random split's training rows (what ships)
 * @param fallback       one fitted efficiency factor, used outside the calibrated range
 * @param noiseP50Pct    median relative spread of repeated measurements (NaN where not recorded)
 * @param ranges         min and max of each shape column seen in training
 * @param heldOut        every held-out row with the chosen model's and the baselines' predictions
 */
public record FamilyResult(
        PartitionKey key,
        int rows,
        int impossible,
        String chosen,
        Map<String, Double> cvP95,
        double fixedUs,
        ErrorStats random,
        ErrorStats extrapolation,
        ErrorStats rooflineRandom,
        ErrorStats rooflineExtrapolation,
        ErrorStats tokensRandom,
        ErrorStats tokensExtrapolation,
        double noiseP50Pct,
        double noiseP90Pct,
        int noisyRows,
        Regressor model,
        ConstantModel fallback,
        double[][] ranges,
        java.util.List<String> kernels,
        java.util.List<String> words,
        Map<String, Map<String, Integer>> kernelRows,
        HeldOut heldOut,
        double seconds) {}
