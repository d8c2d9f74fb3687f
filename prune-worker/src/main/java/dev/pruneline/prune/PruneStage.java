package dev.pruneline.prune;

import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.worker.EventMetrics;
import dev.pruneline.worker.JobWatch;
import dev.pruneline.worker.JobWorkspace;
import dev.pruneline.worker.StageJob;
import dev.pruneline.worker.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** One prune job: released bundle in; baseline metrics, pruned bundle and report out; {@link ModelPruned}. */
@Startup // checks the worker's limits and exposes the job-age gauge before the first event
@Singleton
public class PruneStage extends StageJob<ModelReleased, ModelPruned> {

    private static final Logger LOG = Logger.getLogger(PruneStage.class);

    private final PruneConfig config;

    public PruneStage(
            ArtifactStore store,
            WorkerConfig workerConfig,
            JobWatch watch,
            PruneConfig config,
            MeterRegistry registry) {
        super(store, workerConfig, watch, registry, "pruned", "prune", ModelPruned.class);
        this.config = config;
    }

    @Override
    protected ModelPruned execute(ModelReleased released, JobWorkspace workspace, JobDeadline deadline) {
        String releaseId = released.releaseId();
        CompressionPolicy policy = released.policy();
        Path bundle = workspace.fetchRelease(released.bundle(), "released", released.model());
        Path data = workspace.fetchDataset(released.dataset());
        LOG.infof("pruning %s %s (release %s): %s", released.model(), released.version(), releaseId, policy);
        // the release's fine-tune epochs bound all training after receipt, iterative rounds included
        Map<String, String> parameters = new LinkedHashMap<>(policy.parameters());
        parameters.putIfAbsent("epoch_budget", Integer.toString(policy.fineTuneEpochs()));
        parameters.putIfAbsent("learning_rate", Double.toString(policy.learningRate()));
        PruneResult result = CompressionJobs.prune(
                new PruneRequest(
                        bundle,
                        data,
                        workspace.path("pruned"),
                        policy.criterion(),
                        policy.granularity(),
                        policy.sparsity(),
                        parameters,
                        config.seed()),
                deadline);
        List<ModelArtifact> artifacts = workspace.storeModel(result.bundleDir(), releaseId, stage());
        ArtifactRef bundleRef = artifacts.get(0).ref();
        ArtifactRef reportRef = workspace.storeReport(result.reportFile(), releaseId, stage());
        LOG.infof(
                "pruned release %s: accuracy %.4f -> %.4f, sparsity %.3f",
                releaseId,
                result.baseline().accuracy(),
                result.pruned().accuracy(),
                result.pruned().sparsity());
        return new ModelPruned(
                PipelineEvent.SCHEMA_VERSION,
                EventIds.of(releaseId, stage()),
                releaseId,
                released.model(),
                released.version(),
                Instant.now(),
                bundleRef,
                reportRef,
                released.dataset(),
                policy,
                EventMetrics.of(result.baseline()),
                EventMetrics.of(result.pruned()),
                result.engineMode(),
                artifacts,
                result.claimedAccuracy());
    }

    @Override
    protected double sparsityOf(ModelPruned output) {
        return output.pruned().sparsity();
    }
}
