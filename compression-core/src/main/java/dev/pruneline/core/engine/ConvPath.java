package dev.pruneline.core.engine;

/** How the engine computes convolutions on the CPU. */
public enum ConvPath {
    /**
     * libtorch's oneDNN kernels, with every convolution run at the physical channel widths of
     * {@link ChannelAlignment} (zero channels beyond the logical width): the fast path.
     */
    ONEDNN_ALIGNED("onednn-aligned"),
    /**
     * libtorch's oneDNN kernels at the logical channel widths, as plain libtorch runs them; wrong on
     * some CPUs for widths that are not multiples of 16. Only benchmarks select it, to show that.
     */
    ONEDNN_UNALIGNED("onednn-unaligned"),
    /** oneDNN off: libtorch's own im2col + GEMM convolution, the reference every check compares with. */
    REFERENCE("reference");

    private final String label;

    ConvPath(String label) {
        this.label = label;
    }

    /** Short name used in logs, reports and bundles, e.g. {@code onednn-aligned}. */
    public String label() {
        return label;
    }

    /** Whether libtorch's oneDNN backend is on for this path. */
    public boolean onednn() {
        return this != REFERENCE;
    }

    /** The path with this label. */
    public static ConvPath byLabel(String label) {
        for (ConvPath p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown convolution path '" + label + "'");
    }
}
