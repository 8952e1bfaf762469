package frontier.simulate.workload;

import java.util.SplittableRandom;

import frontier.simulate.workload.LengthDistribution.TraceLengths;

/**
 * Draws the input and output length of one request after another. Input and output have their
 * own random streams, so that changing one distribution leaves the other's draws unchanged,
 * except when both come from the same trace table: then one row is drawn for both.
 */
final class LengthSampler {
    private final LengthDistribution inputDistribution;
    private final LengthDistribution outputDistribution;
    private final SplittableRandom inputRandom;
    private final SplittableRandom outputRandom;
    private final LengthTable jointTable;
    int input;
    int output;

    LengthSampler(LengthDistribution input, LengthDistribution output, SplittableRandom inputRandom,
                  SplittableRandom outputRandom) {
        this.inputDistribution = input;
        this.outputDistribution = output;
        this.inputRandom = inputRandom;
        this.outputRandom = outputRandom;
        this.jointTable = input instanceof TraceLengths(LengthTable a, LengthTable.Column ca)
                && output instanceof TraceLengths(LengthTable b, LengthTable.Column cb)
                && a == b && ca == LengthTable.Column.INPUT && cb == LengthTable.Column.OUTPUT ? a : null;
    }

    void draw() {
        if (jointTable != null) {
            int row = inputRandom.nextInt(jointTable.size());
            input = jointTable.input(row);
            output = jointTable.output(row);
        } else {
            input = inputDistribution.sample(inputRandom);
            output = outputDistribution.sample(outputRandom);
        }
    }
}
