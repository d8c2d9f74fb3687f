/**
 * The facade the worker services and the CLI call: {@link CompressionJobs} with request and result
 * records. Each job reads a bundle folder (or zip), writes a new bundle plus {@code report.json}.
 */
package dev.pruneline.core.job;
