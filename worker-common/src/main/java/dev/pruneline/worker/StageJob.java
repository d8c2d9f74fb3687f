package dev.pruneline.worker;

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
 * @param <I> the consumed event
 * @param <O> the published event
 */
public abstract class StageJob<I extends PipelineEvent, O extends PipelineEvent> {

    private static final Logger LOG = Logger.getLogger(StageJob.class);

    private final ArtifactStore store;
    private final WorkerConfig workerConfig;
    private final String stage;
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
            MeterRegistry registry,
            String stage,
            String metricName,
            Class<O> outputType) {
        this.store = store;
        this.workerConfig = workerConfig;
        this.stage = stage;
        this.outputType = outputType;
        this.outputs = new StageOutputs(store, new EventCodec());
        this.recorder = new StageRecorder(registry, metricName);
    }

    /** Runs the stage for one input event, or returns the event of an earlier run for the same release. */
    public final O run(I input) {
        Instant start = Instant.now();
        String releaseId = input.releaseId();
        String model = input.model() == null ? "unknown" : input.model();
        try (JobWorkspace workspace = new JobWorkspace(store, workerConfig, stage + "-" + releaseId)) {
            Optional<O> earlier = outputs.finished(releaseId, stage, outputType, workspace.path("earlier-event.json"));
            if (earlier.isPresent()) {
                LOG.infof(
                        "release %s already passed stage %s: republishing event %s",
                        releaseId, stage, earlier.get().eventId());
                return earlier.get();
            }
            O output = execute(input, workspace);
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
        } catch (RuntimeException e) {
            recorder.job(model, false, Duration.between(start, Instant.now()));
            throw e;
        }
    }

    /** The stage name in artifact keys and event ids. */
    protected final String stage() {
        return stage;
    }

    /** Does the work: fetch inputs into the workspace, call the engine, store the outputs, build the event. */
    protected abstract O execute(I input, JobWorkspace workspace);

    /** The sparsity of the stage's output model, for the stage metrics. */
    protected abstract double sparsityOf(O output);
}
