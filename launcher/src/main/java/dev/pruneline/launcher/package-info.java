/**
 * The {@code ./pruneline} launcher: one picocli command line with the offline engine commands of compression-core
 * ({@code train}, {@code prune}, {@code finetune}, {@code evaluate}, {@code sensitivity}, {@code bench},
 * {@code compare}, {@code engine-bench}, {@code export}), the ONNX benchmark {@code onnx-bench} (package
 * {@code bench}) and the commands that run and steer the pipeline ({@code demo}, {@code up},
 * {@code down}, {@code release}, {@code promote}, {@code rollback}).
 */
package dev.pruneline.launcher;
