/**
 * The ONNX benchmark ({@code ./pruneline onnx-bench}): an ONNX classifier trained, measured, pruned by channels,
 * fine-tuned and measured again, with latency timed in ONNX Runtime on the {@code model.onnx} pruneline writes and
 * that runtime's outputs checked against the engine's. ONNX Runtime is a dependency of the launcher only;
 * compression-core stays free of it.
 */
package dev.pruneline.launcher.bench;
