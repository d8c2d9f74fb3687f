package dev.pruneline.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

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
}
