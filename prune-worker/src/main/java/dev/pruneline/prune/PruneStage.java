package dev.pruneline.prune;

import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.worker.EventMetrics;
import dev.pruneline.worker.JobWorkspace;
import dev.pruneline.worker.StageOutputs;
import dev.pruneline.worker.StageRecorder;
import dev.pruneline.worker.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/** One prune job: released bundle in, pruned bundle and report out, {@link ModelPruned} to publish. */
@ApplicationScoped
public class PruneStage {

    static final String STAGE = "pruned";
    private static final Logger LOG = Logger.getLogger(PruneStage.class);

    private final ArtifactStore store;
    private final WorkerConfig workerConfig;
    private final PruneConfig config;
    private final StageOutputs outputs;
    private final StageRecorder recorder;

    public PruneStage(ArtifactStore store, WorkerConfig workerConfig, PruneConfig config, MeterRegistry registry) {
        this.store = store;
        this.workerConfig = workerConfig;
        this.config = config;
        this.outputs = new StageOutputs(store, new EventCodec());
        this.recorder = new StageRecorder(registry, "prune");
    }

    /** Prunes a release, or returns the event of an earlier run of the same release. */
    public ModelPruned run(ModelReleased released) {
        Instant start = Instant.now();
        String releaseId = released.releaseId();
        try (JobWorkspace workspace = new JobWorkspace(store, workerConfig, "prune-" + releaseId)) {
            Optional<ModelPruned> earlier = outputs.finished(releaseId, STAGE, ModelPruned.class,
                    workspace.path("earlier-event.json"));
            if (earlier.isPresent()) {
                LOG.infof("release %s was already pruned: republishing event %s", releaseId, earlier.get().eventId());
                return earlier.get();
            }
            ModelPruned pruned = prune(released, workspace);
            recorder.job(true, Duration.between(start, Instant.now()));
            recorder.sparsity(pruned.pruned().sparsity());
            return pruned;
        } catch (RuntimeException e) {
            recorder.job(false, Duration.between(start, Instant.now()));
            throw e;
        }
    }

    private ModelPruned prune(ModelReleased released, JobWorkspace workspace) {
        String releaseId = released.releaseId();
        CompressionPolicy policy = released.policy();
        Path bundle = workspace.fetchBundle(released.bundle(), "released");
        Path data = workspace.fetchDataset(released.dataset());
        LOG.infof("pruning %s %s (release %s): %s", released.model(), released.version(), releaseId, policy);
        PruneResult result = CompressionJobs.prune(new PruneRequest(bundle, data, workspace.path("pruned"),
                policy.criterion(), policy.granularity(), policy.sparsity(), policy.parameters(), config.seed()));
        ArtifactRef bundleRef = workspace.storeBundle(result.bundleDir(), ArtifactKeys.stageBundle(releaseId, STAGE));
        ArtifactRef reportRef = workspace.storeFile(result.reportFile(), ArtifactKeys.stageReport(releaseId, STAGE));
        ModelPruned event = new ModelPruned(PipelineEvent.SCHEMA_VERSION, EventIds.of(releaseId, STAGE), releaseId,
                released.model(), released.version(), Instant.now(), bundleRef, reportRef, released.dataset(), policy,
                EventMetrics.of(result.baseline()), EventMetrics.of(result.pruned()), result.engineMode());
        outputs.record(STAGE, event);
        LOG.infof("pruned release %s: accuracy %.4f -> %.4f, sparsity %.3f", releaseId,
                result.baseline().accuracy(), result.pruned().accuracy(), result.pruned().sparsity());
        return event;
    }
}
