package dev.pruneline.core.measure;

/**
 * Measured inference time of a model on the current device.
 *
 * @param batch images per forward pass
 * @param medianMillis median wall-clock time of one forward pass
 * @param minMillis fastest repeat
 * @param repeats timed repeats (after warm-up)
 * @param threads intra-op threads of the engine while measuring
 * @param device engine device, e.g. {@code cpu()}
 */
public record Latency(int batch, double medianMillis, double minMillis, int repeats, int threads, String device) {}
