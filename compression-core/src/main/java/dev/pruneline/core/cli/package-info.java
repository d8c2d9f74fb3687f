/**
 * picocli commands for offline use of the engine: {@code train}, {@code prune}, {@code finetune},
 * {@code evaluate}. {@link CoreCli} groups them; other launchers may register the same command
 * classes and call {@link CoreCli#configure} to get the same error handling.
 */
package dev.pruneline.core.cli;
