package dev.pruneline.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.deadline.JobTimeoutException;
import dev.pruneline.core.deadline.SettableClock;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune and fine-tune jobs stop at the first checkpoint past their deadline, close every model they opened and write
 * nothing. The deadline's clock is moved by the test from inside the job, so the job stops exactly where it says.
 */
class BoundedJobsTest {
    private static final Duration LIMIT = Duration.ofMinutes(30);

    @TempDir
    static Path tmp;

    static Path data;
    static Path bundle;

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T10:00:00Z"));

    @BeforeAll
    static void storeAModelAndWarmTheEngine() {
        data = SampleData.extractTo(tmp.resolve("data"));
        bundle = tmp.resolve("lenet5");
        TestModels.lenet5().save(bundle);
        CompressionJobs.evaluate(bundle, data); // engine start and kernel checks hold their own native resources
    }

    @Test
    void shouldNotStartAPruneJobWhoseDeadlineHasPassed() {
        JobDeadline passed = JobDeadline.startingAt(clock.instant().minus(LIMIT.plusSeconds(1)), LIMIT, clock);
        Path out = tmp.resolve("passed-pruned");

        JobTimeoutException e = assertThrows(
                JobTimeoutException.class,
                () -> CompressionJobs.prune(
                        new PruneRequest(bundle, data, out, "magnitude", "weight", 0.5, Map.of(), 1), passed));

        assertEquals(JobDeadline.WAITING_TO_START, e.activity());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldStopAnIterativePruneJobAtTheBatchWhereItsDeadlinePasses() {
        int open = openModelManagers();
        AtomicInteger batches = new AtomicInteger();
        TrainingListener passesAfterTwoBatches = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int total, float loss) {
                if (batches.incrementAndGet() == 2) {
                    clock.advance(LIMIT.plusSeconds(1));
                }
            }
        };
        Path out = tmp.resolve("stopped-pruned");
        PruneRequest request = new PruneRequest(
                bundle,
                data,
                out,
                "magnitude",
                "weight",
                0.5,
                Map.of("schedule", "iterative", "rounds", "2", "round_epochs", "1"),
                1);

        JobTimeoutException e = assertThrows(
                JobTimeoutException.class,
                () -> JobDeadline.after(LIMIT, clock)
                        .runWithin(() -> CompressionJobs.prune(
                                request, passesAfterTwoBatches, (unit, ratio, acc, done, total) -> {})));

        assertEquals("training", e.activity());
        assertEquals(2, batches.get(), "the job stops at the next batch");
        assertEquals(LIMIT, e.limit());
        assertFalse(Files.exists(out));
        assertEquals(open, openModelManagers(), "every model the job opened is closed");
    }

    @Test
    void shouldStopAFineTuneJobAtTheBatchWhereItsDeadlinePasses() {
        int open = openModelManagers();
        AtomicInteger batches = new AtomicInteger();
        TrainingListener passesAfterThreeBatches = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int total, float loss) {
                if (batches.incrementAndGet() == 3) {
                    clock.advance(LIMIT.plusSeconds(1));
                }
            }
        };
        Path out = tmp.resolve("stopped-tuned");

        JobTimeoutException e = assertThrows(
                JobTimeoutException.class,
                () -> JobDeadline.after(LIMIT, clock)
                        .runWithin(() -> CompressionJobs.fineTune(
                                new FineTuneRequest(bundle, data, out, 2, 1e-3, 1), passesAfterThreeBatches)));

        assertEquals("training", e.activity());
        assertEquals(3, batches.get());
        assertFalse(Files.exists(out));
        assertEquals(open, openModelManagers(), "every model the job opened is closed");
    }

    @Test
    void shouldCountTheModelsAJobHoldsOpen() {
        int open = openModelManagers();
        try (LoadedModel model = LoadedModel.of(TestModels.lenet5())) {
            assertEquals(open + 1, openModelManagers(), "an open model holds one native manager");
        }
        assertEquals(open, openModelManagers());
    }

    /**
     * The native managers open under the engine's root manager: one per open model, each holding that model's
     * arrays and every batch's sub-manager. DJL exposes the count only in {@code BaseNDManager#toString}.
     */
    private static int openModelManagers() {
        try (NDManager probe = NDManager.newBaseManager()) {
            String root = probe.getParentManager().toString();
            Matcher m = Pattern.compile("Resource size: (\\d+)").matcher(root);
            if (!m.find()) {
                throw new IllegalStateException("DJL's root manager no longer reports its resources: " + root);
            }
            return Integer.parseInt(m.group(1)) - 1; // less the probe
        }
    }
}
