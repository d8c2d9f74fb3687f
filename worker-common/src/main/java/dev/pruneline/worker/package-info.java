/**
 * What the prune and retrain workers share: a {@link dev.pruneline.worker.JobWorkspace} that fetches bundles and
 * data sets from the artifact store into local folders and stores results back, the
 * {@link dev.pruneline.worker.StageJob} template every stage runs through (idempotent via
 * {@link dev.pruneline.worker.StageOutputs}, counted by {@link dev.pruneline.worker.StageRecorder}, bounded by
 * {@code pruneline.worker.max-job-duration}), and the {@link dev.pruneline.worker.JobWatch} of the jobs in progress that
 * the liveness check {@link dev.pruneline.worker.StuckJobHealthCheck} reads.
 */
package dev.pruneline.worker;
