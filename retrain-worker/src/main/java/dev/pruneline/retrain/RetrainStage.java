package dev.pruneline.retrain;

import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.FineTuneRequest;
import dev.pruneline.core.job.FineTuneResult;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelRetrained;
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
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** One fine-tune job: pruned bundle in; fine-tuned bundle, report and test metrics out; {@link ModelRetrained}. */
@Startup // checks the worker's limits and exposes the job-age gauge before the first event
@Singleton
public class RetrainStage extends StageJob<ModelPruned, ModelRetrained> {

    private static final Logger LOG = Logger.getLogger(RetrainStage.class);

    private final RetrainConfig config;

    public RetrainStage(
            ArtifactStore store,
            WorkerConfig workerConfig,
            JobWatch watch,
            RetrainConfig config,
            MeterRegistry registry) {
        super(store, workerConfig, watch, registry, "retrained", "retrain", ModelRetrained.class);
        this.config = config;
    }

    @Override
    protected ModelRetrained execute(ModelPruned pruned, JobWorkspace workspace, JobDeadline deadline) {
        String releaseId = pruned.releaseId();
        CompressionPolicy policy = pruned.policy();
        Path bundle = workspace.fetchBundle(pruned.bundle(), "pruned");
        Path data = workspace.fetchDataset(pruned.dataset());
        LOG.infof(
                "fine-tuning %s %s (release %s) for %d epochs",
                pruned.model(), pruned.version(), releaseId, policy.fineTuneEpochs());
        FineTuneResult result = CompressionJobs.fineTune(
                new FineTuneRequest(
                        bundle,
                        data,
                        workspace.path("retrained"),
                        policy.fineTuneEpochs(),
                        policy.learningRate(),
                        config.seed(),
                        // epochs the pruning stage trained (iterative rounds) count against the release's fine-tune
                        // epochs
                        Map.of("count_pruning_epochs", "true")),
                deadline);
        List<ModelArtifact> artifacts = workspace.storeModel(result.bundleDir(), releaseId, stage());
        ArtifactRef bundleRef = artifacts.get(0).ref();
        ArtifactRef reportRef = workspace.storeReport(result.reportFile(), releaseId, stage());
        LOG.infof(
                "fine-tuned release %s: accuracy %.4f -> %.4f in %d epochs",
                releaseId, result.before().accuracy(), result.after().accuracy(), result.epochsRun());
        return new ModelRetrained(
                PipelineEvent.SCHEMA_VERSION,
                EventIds.of(releaseId, stage()),
                releaseId,
                pruned.model(),
                pruned.version(),
                Instant.now(),
                bundleRef,
                reportRef,
                policy,
                pruned.baseline(),
                pruned.pruned(),
                EventMetrics.of(result.after()),
                result.epochsRun(),
                result.engineMode(),
                artifacts,
                pruned.dataset());
    }

    @Override
    protected double sparsityOf(ModelRetrained output) {
        return output.retrained().sparsity();
    }
}
