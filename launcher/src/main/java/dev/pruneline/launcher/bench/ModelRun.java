package dev.pruneline.launcher.bench;

import dev.pruneline.core.job.StepMetrics;
import dev.pruneline.core.measure.Latency;
import java.nio.file.Path;

/**
 * One model of the benchmark as measured.
 *
 * @param bundle the bundle folder (its {@code model.onnx} is what ONNX Runtime ran)
 * @param metrics test accuracy, parameters, MACs
 * @param batch1 ONNX Runtime latency at batch 1
 * @param batch64 ONNX Runtime latency at batch 64
 * @param agreement ONNX Runtime's outputs against the engine's on the test images
 */
record ModelRun(Path bundle, StepMetrics metrics, Latency batch1, Latency batch64, OutputAgreement agreement) {}
