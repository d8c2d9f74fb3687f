package dev.pruneline.core.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.core.CompressionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch's pruning tools at pruneline's budget, for the side-by-side benchmark: runs
 * {@code tools/torch-reference/prune_compare.py} (Debian's {@code python3-torch}) on a trained bundle and reads one
 * result per tool. A benchmark aid only: nothing in pruneline needs Python to run. The Python is found as
 * {@link TorchReference} finds it.
 */
public final class PruneReference {
    static final String SCRIPT = "tools/torch-reference/prune_compare.py";
    private static final long TIMEOUT_MINUTES = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PruneReference() {}

    /**
     * One tool's result; the accuracies are NaN for the timed-only entry.
     *
     * @param tool the tool, e.g. {@code torch.nn.utils.prune (global L1)}; {@code timed} for the bundle only timed
     * @param afterPrune test accuracy right after pruning
     * @param afterFineTune test accuracy after fine-tuning
     * @param macs MACs per image (zero weights count)
     * @param nonzeroMacs MACs per image with zero weights skipped
     * @param parameters parameters
     * @param nonzero non-zero parameters
     * @param latency1Millis median batch-1 forward time in PyTorch
     * @param latency64Millis median batch-64 forward time in PyTorch
     * @param epochs fine-tune epochs it was given
     */
    public record Result(
            String tool,
            double afterPrune,
            double afterFineTune,
            long macs,
            long nonzeroMacs,
            long parameters,
            long nonzero,
            double latency1Millis,
            double latency64Millis,
            int epochs) {}

    /** Why the harness cannot run here (no script, no Python, no torch), or empty when it can. */
    public static Optional<String> unavailable() {
        return TorchReference.unavailable(SCRIPT);
    }

    /**
     * The fine-tuning both sides of a comparison get: Adam at {@code learningRate}, batch 64, the learning-rate
     * {@code schedule} ({@code constant} or {@code cosine}) over {@code epochs}, shuffled with {@code seed}.
     */
    public record Recipe(int epochs, double learningRate, String schedule, long seed) {}

    /**
     * Prunes {@code bundle} with PyTorch's tools to {@code target} ({@code weights=S} or {@code macs=R}), fine-tunes
     * with {@code recipe} on the IDX splits in {@code idxData}, and times {@code timeBundle} too when it is not null.
     *
     * @param torchPruning a folder holding the {@code torch_pruning} package, or null
     */
    public static List<Result> run(
            Path bundle, Path idxData, String target, Recipe recipe, Path torchPruning, Path timeBundle) {
        List<String> cmd = new ArrayList<>(List.of(
                TorchReference.python(),
                TorchReference.script(SCRIPT).orElseThrow().toString(),
                "--bundle",
                bundle.toString(),
                "--data",
                idxData.toString(),
                "--target",
                target,
                "--finetune-epochs",
                Integer.toString(recipe.epochs()),
                "--lr",
                Double.toString(recipe.learningRate()),
                "--schedule",
                recipe.schedule(),
                "--seed",
                Long.toString(recipe.seed())));
        if (torchPruning != null) {
            cmd.addAll(List.of("--torch-pruning", torchPruning.toString()));
        }
        if (timeBundle != null) {
            cmd.addAll(List.of("--time-bundle", timeBundle.toString()));
        }
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new CompressionException("the PyTorch pruning harness failed: " + String.join(" ", cmd));
            }
            List<Result> results = new ArrayList<>();
            for (String line : out.strip().split("\n")) {
                if (!line.isBlank()) {
                    results.add(parse(line));
                }
            }
            return results;
        } catch (IOException e) {
            throw new CompressionException("cannot run the PyTorch pruning harness: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompressionException("interrupted while running the PyTorch pruning harness", e);
        }
    }

    /**
     * The tools' results of a run, after checking that the harness read the unpruned model as pruneline does: its
     * accuracy there must be pruneline's on the same {@code testImages} images, up to {@value #DISAGREEING_IMAGES}
     * images decided differently (float rounding in another runtime).
     */
    public static List<Result> checked(List<Result> results, double accuracy, int testImages) {
        Result dense = results.stream()
                .filter(r -> r.tool().equals(DENSE))
                .findFirst()
                .orElseThrow(() -> new CompressionException("the PyTorch pruning harness reported no unpruned model"));
        if (Math.abs(dense.afterPrune() - accuracy) * testImages > DISAGREEING_IMAGES + 1e-9) {
            throw new CompressionException(String.format(
                    java.util.Locale.ROOT,
                    "the PyTorch pruning harness reads the model differently: unpruned accuracy %.4f there, %.4f in"
                            + " pruneline",
                    dense.afterPrune(),
                    accuracy));
        }
        return results.stream().filter(r -> !r.tool().equals(DENSE)).toList();
    }

    /** The tool name of the harness's line for the bundle it only timed ({@code --time-bundle}). */
    public static final String TIMED = "timed";

    /** The tool name of the harness's line for the unpruned model. */
    static final String DENSE = "dense";

    private static final int DISAGREEING_IMAGES = 2;

    /** One JSON result line of the harness. */
    static Result parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return new Result(
                    n.path("tool").asText(),
                    n.path("after_prune").asDouble(Double.NaN),
                    n.path("after_finetune").asDouble(Double.NaN),
                    n.path("macs").asLong(),
                    n.path("nonzero_macs").asLong(n.path("macs").asLong()),
                    n.path("params").asLong(),
                    n.path("nonzero").asLong(),
                    n.path("latency1_ms").asDouble(Double.NaN),
                    n.path("latency64_ms").asDouble(Double.NaN),
                    n.path("epochs").asInt());
        } catch (IOException e) {
            throw new CompressionException("unexpected output from the PyTorch pruning harness: '" + line + "'", e);
        }
    }
}
