package dev.pruneline.core.engine;

/**
 * How the native engine runs, as recorded in every report and bundle.
 *
 * @param onednnEnabled whether libtorch's oneDNN (mkldnn) backend is on
 * @param reason why: {@code self-check passed}, {@code self-check failed}, {@code forced}, {@code not checked}
 * @param threads intra-op thread count ({@code ai.djl.pytorch.num_threads})
 * @param engineVersion engine name and version, e.g. {@code PyTorch 2.7.1}
 */
public record EngineMode(boolean onednnEnabled, String reason, int threads, String engineVersion) {

    /** Short label such as {@code onednn-off (self-check failed)}. */
    public String label() {
        return (onednnEnabled ? "onednn-on" : "onednn-off") + " (" + reason + ")";
    }
}
