/**
 * What the prune and retrain workers share: a {@link dev.pruneline.worker.JobWorkspace} that fetches bundles and
 * data sets from the artifact store into local folders and stores results back, the
 * {@link dev.pruneline.worker.StageRecorder} for stage metrics, and the idempotent
 * {@link dev.pruneline.worker.StageOutputs} that lets a redelivered event republish a finished stage's event.
 */
package dev.pruneline.worker;
