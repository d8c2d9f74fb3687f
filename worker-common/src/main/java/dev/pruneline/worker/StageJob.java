package dev.pruneline.worker;

import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.deadline.JobTimeoutException;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.store.ArtifactStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The template of a worker stage: open a job folder, return the stored event if this release already passed the
 * stage (redelivery), else run the job, record the outgoing event after its artifacts, and count the job.
 *
 * <p>A job runs within {@code pruneline.worker.max-job-duration} from its start: past it the engine stops at its next
 * batch and the job fails with a {@link JobTimeoutException} naming the stage, the release and the limit. While it
 * runs, the job is on the {@link JobWatch} that the liveness check and the job-age gauge read. Its folder is deleted
 * however it ends.
 *
 * @param <I> the consumed event
 * @param <O> the published event
 */
public abstract class StageJob<I extends PipelineEvent, O extends PipelineEvent> {

    private static final Logger LOG = Logger.getLogger(StageJob.class);

    private final ArtifactStore store;
    private final WorkerConfig workerConfig;
    private final JobWatch watch;
    private final String stage;
    private final String metricName;
    private final Class<O> outputType;
    private final StageOutputs outputs;
    private final StageRecorder recorder;

    /**
     * @param stage      the stage name used in artifact keys and event ids, e.g. {@code pruned}
     * @param metricName the stage name used in metric tags, e.g. {@code prune}
     */
    protected StageJob(
            ArtifactStore store,
            WorkerConfig workerConfig,
            JobWatch watch,
            MeterRegistry registry,
            String stage,
            String metricName,
            Class<O> outputType) {
        requirePositive("pruneline.worker.max-job-duration", workerConfig.maxJobDuration());
        requirePositive("pruneline.worker.stuck-job-grace", workerConfig.stuckJobGrace());
        this.store = store;
        this.workerConfig = workerConfig;
        this.watch = watch;
        this.stage = stage;
        this.metricName = metricName;
        this.outputType = outputType;
        this.outputs = new StageOutputs(store, new EventCodec());
        this.recorder = new StageRecorder(registry, metricName);
        recorder.runningJobAge(watch);
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration (e.g. PT2H), got " + value);
        }
    }

    /** Runs the stage for one input event, or returns the event of an earlier run for the same release. */
    public final O run(I input) {
        Instant start = Instant.now();
        String releaseId = input.releaseId();
        String model = input.model() == null ? "unknown" : input.model();
        try (JobWatch.Handle running = watch.start(metricName, releaseId);
                JobWorkspace workspace = new JobWorkspace(store, workerConfig, stage + "-" + releaseId)) {
            JobDeadline deadline =
                    JobDeadline.startingAt(running.job().startedAt(), workerConfig.maxJobDuration(), watch.clock());
            Optional<O> earlier = outputs.finished(releaseId, stage, outputType, workspace.path("earlier-event.json"));
            if (earlier.isPresent()) {
                LOG.infof(
                        "release %s already passed stage %s: republishing event %s",
                        releaseId, stage, earlier.get().eventId());
                return earlier.get();
            }
            O output = execute(input, workspace, deadline);
            // Another replica may have finished the same release meanwhile (a rebalance mid-job): its event stands.
            Optional<O> concurrent = outputs.finished(releaseId, stage, outputType, workspace.path("other-event.json"));
            if (concurrent.isPresent()) {
                LOG.infof("release %s passed stage %s elsewhere meanwhile: publishing that event", releaseId, stage);
                return concurrent.get();
            }
            outputs.record(stage, output);
            recorder.job(model, true, Duration.between(start, Instant.now()));
            recorder.sparsity(model, sparsityOf(output));
            return output;
        } catch (JobTimeoutException e) {
            recorder.job(model, false, Duration.between(start, Instant.now()));
            throw new JobTimeoutException(
                    metricName + " job for release " + releaseId + " exceeded pruneline.worker.max-job-duration ("
                            + e.limit() + ") after " + JobDeadline.describe(e.elapsed()) + " while " + e.activity()
                            + "; nothing was stored",
                    e);
        } catch (RuntimeException e) {
            recorder.job(model, false, Duration.between(start, Instant.now()));
            throw e;
        }
    }

    /** The stage name in artifact keys and event ids. */
    protected final String stage() {
        return stage;
    }

    /**
     * Does the work: fetch inputs into the workspace, call the engine within {@code deadline}, store the outputs,
     * build the event.
     */
    protected abstract O execute(I input, JobWorkspace workspace, JobDeadline deadline);

    /** The sparsity of the stage's output model, for the stage metrics. */
    protected abstract double sparsityOf(O output);
}
