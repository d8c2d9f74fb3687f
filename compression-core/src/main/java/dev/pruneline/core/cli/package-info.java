/**
 * picocli commands for offline use of the engine: {@code train}, {@code prune}, {@code finetune},
 * {@code evaluate}, {@code sensitivity}, and the benchmarks {@code bench}, {@code compare} and
 * {@code engine-bench}. {@link CoreCli} groups them; other launchers may register the same command
 * classes and call {@link CoreCli#configure} to get the same error handling.
 */
package dev.pruneline.core.cli;
