package dev.pruneline.core.compare;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@link CriterionComparison}.
 *
 * @param model model name
 * @param target what the target measures ({@code macs} or {@code sparsity}) and its amount, e.g. {@code macs 0.50}
 * @param fineTuneEpochs the fine-tuning budget every criterion got
 * @param baseline the unpruned model, as a row (accuracies are its test accuracy)
 * @param rows one per criterion, in the order asked
 * @param ranks channel rankings against the oracle's; null when not computed
 * @param search the random-search record (all candidates' validation accuracies); null when it did not run
 * @param machine engine, threads, CPUs, peak resident memory
 */
public record ComparisonResult(
        String model,
        String target,
        int fineTuneEpochs,
        Row baseline,
        List<Row> rows,
        RankStudy ranks,
        Search search,
        Map<String, Object> machine) {

    public ComparisonResult {
        rows = List.copyOf(rows);
        machine = Map.copyOf(machine);
    }

    /**
     * One criterion's run.
     *
     * @param criterion registry name
     * @param granularity {@code channel} or {@code weight}
     * @param status {@code ok}, or why the criterion could not run
     * @param prunedAccuracy test accuracy right after pruning (and batch-norm re-estimation)
     * @param tunedAccuracy test accuracy after the fine-tuning budget
     * @param achieved the target reduction reached
     * @param macs MACs per image of the model (dense count)
     * @param nonzeroMacs MACs of its non-zero weights
     * @param parameters trainable parameters
     * @param nonzeroParameters non-zero trainable parameters
     * @param criterionSeconds wall time inside the criterion's scoring
     * @param totalSeconds wall time of prune plus fine-tune
     */
    public record Row(
            String criterion,
            String granularity,
            String status,
            double prunedAccuracy,
            double tunedAccuracy,
            double achieved,
            long macs,
            long nonzeroMacs,
            long parameters,
            long nonzeroParameters,
            double criterionSeconds,
            double totalSeconds) {
        /** Whether the criterion ran. */
        public boolean ok() {
            return status.equals("ok");
        }
    }

    /**
     * Spearman rank correlation of channel rankings with the oracle's (per group, weighted by channels).
     *
     * @param versusOracle rho of each channel criterion against the oracle
     * @param randomVersusOracle mean rho of uniformly random rankings against the oracle
     * @param randomDraws random rankings drawn
     * @param channels channels ranked
     */
    public record RankStudy(
            Map<String, Double> versusOracle, double randomVersusOracle, int randomDraws, int channels) {
        public RankStudy {
            versusOracle = Collections.unmodifiableMap(new LinkedHashMap<>(versusOracle));
        }
    }

    /**
     * Random mask search.
     *
     * @param masks candidates evaluated
     * @param ratio share each mask removed per unit
     * @param chosen validation accuracy of the kept mask
     * @param median median validation accuracy of all candidates
     * @param worst lowest candidate accuracy
     */
    public record Search(int masks, double ratio, double chosen, double median, double worst) {}
}
