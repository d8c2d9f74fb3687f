package dev.pruneline.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Local folders and limits of a worker: keys {@code pruneline.worker.*} (env {@code PRUNELINE_WORKER_*}). */
@ConfigMapping(prefix = "pruneline.worker")
public interface WorkerConfig {

    /** Scratch space for one job's bundles; each job gets its own sub-folder, deleted when it ends. */
    @WithDefault("${java.io.tmpdir}/pruneline-worker/jobs")
    Path workDir();

    /** Data sets, extracted once per archive hash and kept for later jobs. */
    @WithDefault("${java.io.tmpdir}/pruneline-worker/datasets")
    Path datasetCacheDir();

    /** Largest uncompressed bundle or data set a worker will extract. */
    @WithDefault("1073741824")
    long maxExtractedBytes();

    /**
     * The longest one attempt at a job may run, fetching its inputs included. A job past it stops at its next batch
     * and its event goes to the dead-letter topic at once, with a reason naming this key; it is not retried.
     */
    @WithDefault("PT2H")
    Duration maxJobDuration();

    /**
     * How long a job may still be running after {@link #maxJobDuration()} before the liveness check reports the
     * worker stuck (the job did not stop when asked), so that the orchestrator restarts it.
     */
    @WithDefault("PT5M")
    Duration stuckJobGrace();
}
