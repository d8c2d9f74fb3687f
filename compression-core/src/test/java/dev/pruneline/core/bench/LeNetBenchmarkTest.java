package dev.pruneline.core.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.FineTuneRequest;
import dev.pruneline.core.job.FineTuneResult;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-accuracy run on the bundled sample: train LeNet-5 3 epochs, prune 80% by magnitude,
 * fine-tune 2 epochs (epoch times with oneDNN on and off: {@code pruneline engine-bench}). Run with
 * {@code mvn -pl compression-core test -Dsurefire.excludedGroups= -Dgroups=slow}.
 */
@Tag("slow")
class LeNetBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRecoverAccuracyAfterEightyPercentMagnitudePruning() {
        Path trained = CompressionJobs.train("lenet5", Path.of("sample"), 3, 1, tmp.resolve("trained"));
        double base = CompressionJobs.evaluate(trained, Path.of("sample")).accuracy();
        PruneResult pruned = CompressionJobs.prune(new PruneRequest(
                trained, Path.of("sample"), tmp.resolve("pruned"), "magnitude", "weight", 0.8, Map.of(), 1));
        FineTuneResult tuned = CompressionJobs.fineTune(
                new FineTuneRequest(pruned.bundleDir(), Path.of("sample"), tmp.resolve("tuned"), 2, 5e-4, 1));
        System.out.printf(
                "BENCH engine=%s threads=%s%n", tuned.engineMode(), System.getProperty(EngineSetup.THREADS_PROPERTY));
        System.out.printf("BENCH trained 3 epochs: test accuracy %.4f%n", base);
        System.out.printf(
                "BENCH pruned 80%%: test accuracy %.4f (sparsity %.4f)%n",
                pruned.pruned().accuracy(), pruned.pruned().sparsity());
        System.out.printf(
                "BENCH fine-tuned 2 epochs: test accuracy %.4f (sparsity %.4f)%n",
                tuned.after().accuracy(), tuned.after().sparsity());
        assertTrue(base > 0.93, "trained accuracy " + base);
        assertTrue(
                tuned.after().accuracy() > base - 0.02,
                "fine-tuned accuracy " + tuned.after().accuracy());
    }
}
