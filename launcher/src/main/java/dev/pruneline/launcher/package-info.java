/**
 * The {@code ./pruneline} launcher: one picocli command line with the offline engine commands of compression-core
 * ({@code train}, {@code prune}, {@code finetune}, {@code evaluate}, {@code sensitivity}, {@code bench}) and the commands that run the pipeline
 * ({@code demo}, {@code up}, {@code down}, {@code release}).
 */
package dev.pruneline.launcher;
