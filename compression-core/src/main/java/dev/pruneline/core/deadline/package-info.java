/**
 * Bounded jobs: a {@link dev.pruneline.core.deadline.JobDeadline} is the time a job may run, checked at every
 * training, evaluation, calibration and reconstruction batch and between pruning steps. A job past its deadline
 * stops at the next such checkpoint with a {@link dev.pruneline.core.deadline.JobTimeoutException}, closing its
 * native resources on the way out, and writes nothing.
 */
package dev.pruneline.core.deadline;
