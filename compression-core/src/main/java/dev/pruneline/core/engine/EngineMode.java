package dev.pruneline.core.engine;

/**
 * How the native engine runs, as recorded in every report and bundle.
 *
 * @param path how convolutions are computed
 * @param reason why this path: {@code kernels verified}, {@code kernel check failed}, {@code forced ...}
 * @param threads intra-op thread count ({@code ai.djl.pytorch.num_threads})
 * @param engineVersion engine name and version, e.g. {@code PyTorch 2.7.1}
 */
public record EngineMode(ConvPath path, String reason, int threads, String engineVersion) {

    /** Whether libtorch's oneDNN backend is on. */
    public boolean onednnEnabled() {
        return path.onednn();
    }

    /** Short label such as {@code onednn-aligned (kernels verified)}. */
    public String label() {
        return path.label() + " (" + reason + ")";
    }

    EngineMode with(ConvPath newPath, String newReason) {
        return new EngineMode(newPath, newReason, threads, engineVersion);
    }
}
