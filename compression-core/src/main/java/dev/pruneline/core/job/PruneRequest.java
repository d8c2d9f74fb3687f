package dev.pruneline.core.job;

import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.TargetKind;
import dev.pruneline.core.prune.PruneException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A request to prune a bundle.
 *
 * <p>Besides criterion options (e.g. {@code norm=l2}), {@code parameters} may hold these keys:
 * <ul>
 *   <li>{@code target}: {@code sparsity} (default), {@code macs} or {@code energy}: what
 *       {@link #sparsity()} measures (share of conv/linear weights, of MACs, or of estimated energy
 *       removed);</li>
 *   <li>{@code schedule}: {@code auto} (default: one shot for channel pruning, and for weight pruning where that
 *       alone costs at most {@link #AUTO_ONE_SHOT_DROP} of validation accuracy, else gradual within the epoch
 *       budget, see {@link Schedule#AUTO}), {@code oneshot} or {@code iterative} (AGP rounds with fine-tuning
 *       between them);</li>
 *   <li>{@code sensitivity}: {@code true} to spread the target over layers/groups from per-unit
 *       sensitivity curves (default {@code false}: one global threshold for weights, one ratio for
 *       every channel group);</li>
 *   <li>{@code rounds} (default 3; under {@code auto} up to 3 as the budget allows) and
 *       {@code round_epochs} (default 1): the iterative schedule; {@code learning_rate} (default 1e-3): Adam's
 *       rate of the epochs between rounds, decayed on a half cosine (a release passes its fine-tuning rate);</li>
 *   <li>{@code epoch_budget}: the most training epochs the pruning itself may spend (the iterative
 *       schedule's fine-tuning between rounds); fewer rounds are run where they would exceed it. A
 *       release sets it to its fine-tune epochs, which bound all training after the model is
 *       received; absent means no bound;</li>
 *   <li>{@code ratios}: comma-separated ratios of the sensitivity analysis (default 0.1,...,0.9);</li>
 *   <li>{@code reconstruction}: {@code true} (default) refits the kept weights of every conv and linear
 *       layer after each pruning step so that the layer reproduces the unpruned model's outputs on
 *       training images ({@link dev.pruneline.core.train.LayerReconstruction});
 *       {@code reconstruction_images} (default 1024) is how many;</li>
 *   <li>{@code bn_recalibration}: {@code true} (default) re-estimates batch-norm statistics after
 *       channel surgery;</li>
 *   <li>{@code round_to} (default 1 = off): channel pruning keeps a multiple of this many channels
 *       per group (nearest multiple, at least one, never more than the group has), so the pruned
 *       widths hit the CPU's vectorised kernels (16 with AVX-512, 8 with AVX2);</li>
 *   <li>{@code plan}: {@code auto} (default: per-unit ratios from the sensitivity curves when
 *       {@code sensitivity} is on, else one ratio for every unit) or {@code latency} (channel pruning
 *       only: groups are shrunk step by step where the measured forward time of this machine falls
 *       most per estimated accuracy loss, see {@link dev.pruneline.core.plan.PlanSearch#latency});</li>
 *   <li>{@code latency_batch} (default 64): the batch size {@code plan=latency} times.</li>
 * </ul>
 * A release policy asking for channel pruning with a MACs target passes granularity
 * {@code channel}, sparsity {@code 0.5} and {@code target=macs}; {@link #withTarget} builds that.
 *
 * @param bundleDir input bundle folder or zip
 * @param dataDir data folder (MNIST layout), or a path named {@code sample} for the bundled sample
 * @param outDir folder receiving the pruned bundle, {@code report.json} and {@code report.html}
 * @param criterion criterion name, e.g. {@code magnitude}
 * @param granularity {@code weight} or {@code channel}
 * @param sparsity the target amount in [0, 1): a sparsity, or a MACs or energy reduction (see {@code target})
 * @param parameters criterion options and the keys above
 * @param seed seed for any randomness
 */
public record PruneRequest(
        Path bundleDir,
        Path dataDir,
        Path outDir,
        String criterion,
        String granularity,
        double sparsity,
        Map<String, String> parameters,
        long seed) {

    /** Parameter key: what the target amount measures. */
    public static final String TARGET = "target";
    /** Parameter key: oneshot or iterative. */
    public static final String SCHEDULE = "schedule";
    /** Parameter key: use sensitivity curves. */
    public static final String SENSITIVITY = "sensitivity";

    /** The keys the pruning workflow itself reads; every other key must be a parameter of the criterion. */
    public static final Set<String> WORKFLOW_KEYS = Set.of(
            TARGET,
            SCHEDULE,
            SENSITIVITY,
            "rounds",
            "round_epochs",
            "learning_rate",
            "epoch_budget",
            "ratios",
            "reconstruction",
            "reconstruction_images",
            "bn_recalibration",
            "round_to",
            "plan",
            "latency_batch");

    /**
     * Under {@code auto}, the most validation accuracy (a share, 0.03 = 3 points) pruning weights to the target in
     * one step may cost for the one-shot result to be kept, so that every epoch of the budget trains the final
     * model. Pruning most of the weights costs more, and there gradual rounds keep more accuracy after the same
     * epochs.
     */
    public static final double AUTO_ONE_SHOT_DROP = 0.03;

    /** The parameters are kept sorted by key, so that what is written from them is the same in every JVM. */
    public PruneRequest {
        parameters = sorted(parameters);
    }

    /** An unmodifiable copy sorted by key (Map.copyOf's order changes from one JVM run to the next). */
    static Map<String, String> sorted(Map<String, String> map) {
        Map<String, String> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
        return Collections.unmodifiableMap(copy);
    }

    /** A request with an explicit target kind, schedule and sensitivity flag (merged into the parameters). */
    public static PruneRequest withTarget(
            Path bundleDir,
            Path dataDir,
            Path outDir,
            String criterion,
            String granularity,
            TargetKind target,
            double amount,
            Schedule schedule,
            boolean sensitivity,
            Map<String, String> parameters,
            long seed) {
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.put(TARGET, target.jsonName());
        p.put(SCHEDULE, schedule.jsonName());
        p.put(SENSITIVITY, Boolean.toString(sensitivity));
        return new PruneRequest(bundleDir, dataDir, outDir, criterion, granularity, amount, p, seed);
    }

    /** What the target amount measures ({@code target} key, default sparsity). */
    public TargetKind target() {
        return TargetKind.parse(parameters.getOrDefault(TARGET, "sparsity"));
    }

    /**
     * The plan method ({@code plan} key): {@code auto} (default) or {@code latency}, which only
     * channel pruning can use (zeroed weights do not make a dense model faster).
     */
    public String plan() {
        String text = parameters.getOrDefault("plan", "auto");
        String m = text.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("auto") && !m.equals("latency")) {
            throw new PruneException("plan must be auto or latency, got '" + text + "'");
        }
        if (m.equals("latency") && !"channel".equals(granularity)) {
            throw new PruneException(
                    "plan=latency needs granularity channel: zeroed weights do not change dense" + " latency");
        }
        return m;
    }

    /** Channels kept per group are rounded to a multiple of this ({@code round_to} key, default 1 = off). */
    public int roundTo() {
        return positiveInt("round_to", 1);
    }

    /** Adam's learning rate of the epochs between rounds ({@code learning_rate} key, default 1e-3). */
    public double learningRate() {
        String text = parameters.getOrDefault("learning_rate", "0.001").trim();
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new PruneException("learning_rate must be a finite number > 0, got '" + text + "'");
    }

    /** Whether the schedule is {@code auto} (the {@code schedule} key absent or {@code auto}). */
    public boolean autoSchedule() {
        return Schedule.parse(parameters.getOrDefault(SCHEDULE, Schedule.AUTO.jsonName())) == Schedule.AUTO;
    }

    /** The most training epochs the pruning may spend ({@code epoch_budget} key; no bound when absent). */
    public int epochBudget() {
        if (!parameters.containsKey("epoch_budget")) {
            return Integer.MAX_VALUE;
        }
        return intAtLeast("epoch_budget", 0, 0);
    }

    /** Whether each pruning step is followed by layer-wise reconstruction ({@code reconstruction} key, default true). */
    public boolean reconstruction() {
        String text = parameters.getOrDefault("reconstruction", "true").trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new PruneException("reconstruction must be true or false, got '" + text + "'");
        }
        return text.equals("true");
    }

    /** Training images the reconstruction fits on ({@code reconstruction_images} key, default 1024). */
    public int reconstructionImages() {
        return positiveInt("reconstruction_images", 1024);
    }

    /** The batch size {@code plan=latency} times ({@code latency_batch} key, default 64). */
    public int latencyBatch() {
        return positiveInt("latency_batch", 64);
    }

    private int positiveInt(String key, int fallback) {
        return intAtLeast(key, fallback, 1);
    }

    /** The integer under {@code key} ({@code fallback} when absent), refused when it is not one or below {@code min}. */
    private int intAtLeast(String key, int fallback, int min) {
        String text = parameters.getOrDefault(key, Integer.toString(fallback));
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new PruneException(key + (min == 1 ? " must be a positive integer" : " must be an integer >= " + min)
                + ", got '" + text + "'");
    }

    /**
     * The schedule ({@code schedule} key, default {@code auto}), with {@link Schedule#AUTO} resolved: iterative
     * where {@link #rounds()} gives at least two rounds, else one shot.
     */
    public Schedule schedule() {
        Schedule s = Schedule.parse(parameters.getOrDefault(SCHEDULE, Schedule.AUTO.jsonName()));
        if (s != Schedule.AUTO) {
            return s;
        }
        return autoRounds() >= 2 ? Schedule.ITERATIVE : Schedule.ONESHOT;
    }

    /**
     * Rounds of the iterative schedule ({@code rounds} key; by default 3, or under {@code auto} as many as the
     * epoch budget allows, at most 3, with one epoch after each round but the last).
     */
    public int rounds() {
        if (parameters.containsKey("rounds")) {
            return positiveInt("rounds", 3);
        }
        return autoSchedule() ? autoRounds() : 3;
    }

    /** Fine-tuning epochs between rounds ({@code round_epochs} key, default 1). */
    public int roundEpochs() {
        return intAtLeast("round_epochs", 1, 0);
    }

    /** Rounds under {@code auto}: the budget less the epoch kept for the final fine-tuning, plus one, at most 3. */
    private int autoRounds() {
        long budget = epochBudget();
        return (int) Math.max(1, Math.min(3, budget == Integer.MAX_VALUE ? 1 : budget));
    }

    /** Whether sensitivity curves shape the plan ({@code sensitivity} key). */
    public boolean sensitivity() {
        return Boolean.parseBoolean(parameters.getOrDefault(SENSITIVITY, "false"));
    }
}
