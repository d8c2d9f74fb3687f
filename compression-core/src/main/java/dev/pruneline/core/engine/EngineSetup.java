package dev.pruneline.core.engine;

import ai.djl.engine.Engine;
import dev.pruneline.core.CompressionException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the DJL PyTorch engine once per JVM with pruneline's settings and decides whether
 * libtorch's oneDNN backend may be used for training.
 *
 * <p>Settings (system properties):
 * <ul>
 *   <li>{@code ai.djl.pytorch.num_threads}: intra-op threads, default {@value #DEFAULT_THREADS}
 *       (with busy-waiting OpenMP and other load on the cores, more threads can make training
 *       10-20x slower; run with {@code OMP_WAIT_POLICY=PASSIVE} when raising it);</li>
 *   <li>{@code pruneline.engine.onednn}: {@code auto} (default: run {@link ConvBackwardSelfCheck}
 *       before the first training and switch oneDNN off if it fails), {@code on} or {@code off};</li>
 *   <li>{@code ai.djl.offline}: set to {@code true} when unset, so DJL never reaches the network.</li>
 * </ul>
 */
public final class EngineSetup {
    /** Property choosing the oneDNN mode: auto, on or off. */
    public static final String ONEDNN_PROPERTY = "pruneline.engine.onednn";
    /** DJL's property for the intra-op thread count. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    /** Intra-op threads when the property is unset. */
    public static final int DEFAULT_THREADS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(EngineSetup.class);
    private static EngineMode mode;
    private static boolean trainingChecked;

    private EngineSetup() {
    }

    /** Loads the engine (idempotent) and returns its current mode; oneDNN not yet checked. */
    public static synchronized EngineMode start() {
        if (mode == null) {
            if (System.getProperty("ai.djl.offline") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            if (System.getProperty(THREADS_PROPERTY) == null) {
                System.setProperty(THREADS_PROPERTY, Integer.toString(DEFAULT_THREADS));
            }
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            Engine engine = Engine.getEngine("PyTorch");
            int threads = threads();
            mode = new EngineMode(true, "not checked", threads, engine.getEngineName() + " " + engine.getVersion());
        }
        return mode;
    }

    /**
     * Makes the engine safe for training: applies {@code pruneline.engine.onednn} and, in
     * {@code auto}, runs the conv-backward self-check once. Logs one line with the outcome.
     *
     * @return the mode every later report should carry
     */
    public static synchronized EngineMode prepareForTraining() {
        start();
        if (trainingChecked) {
            return mode;
        }
        String setting = System.getProperty(ONEDNN_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (setting) {
            case "on" -> mode = withOneDnn(true, "forced on by " + ONEDNN_PROPERTY);
            case "off" -> mode = withOneDnn(false, "forced off by " + ONEDNN_PROPERTY);
            case "auto" -> {
                ConvBackwardSelfCheck.Result r = GradientLock.with(ConvBackwardSelfCheck::run);
                if (r.passed()) {
                    mode = new EngineMode(true, "self-check passed", mode.threads(), mode.engineVersion());
                } else {
                    LOG.warn("conv backward self-check failed: {}", r.mismatches());
                    mode = withOneDnn(false, "self-check failed");
                }
                LOG.info("engine: {} in {} ms, {} intra-op thread(s), {}", mode.label(), r.millis(), mode.threads(),
                        mode.engineVersion());
            }
            default -> throw new CompressionException(ONEDNN_PROPERTY + " must be auto, on or off, got '"
                    + setting + "'");
        }
        if (!"auto".equals(setting)) {
            LOG.info("engine: {}, {} intra-op thread(s), {}", mode.label(), mode.threads(), mode.engineVersion());
        }
        trainingChecked = true;
        return mode;
    }

    /**
     * Switches oneDNN explicitly, overriding the self-check; meant for benchmarks comparing both
     * modes in one process. Production code should rely on {@link #prepareForTraining()}.
     */
    public static synchronized EngineMode switchOneDnn(boolean enabled, String reason) {
        start();
        mode = withOneDnn(enabled, reason);
        trainingChecked = true;
        LOG.info("engine: {}", mode.label());
        return mode;
    }

    /** The mode as it stands (after {@link #start()}). */
    public static synchronized EngineMode current() {
        return start();
    }

    private static EngineMode withOneDnn(boolean enabled, String reason) {
        boolean actual = OneDnnSwitch.set(enabled);
        if (actual != enabled) {
            throw new CompressionException("libtorch did not accept oneDNN " + (enabled ? "on" : "off")
                    + "; run with ONEDNN_MAX_CPU_ISA=SSE41 as a fallback");
        }
        return new EngineMode(enabled, reason, mode.threads(), mode.engineVersion());
    }

    private static int threads() {
        try {
            return Integer.parseInt(System.getProperty(THREADS_PROPERTY).trim());
        } catch (NumberFormatException e) {
            throw new CompressionException(THREADS_PROPERTY + " must be a positive integer, got '"
                    + System.getProperty(THREADS_PROPERTY) + "'");
        }
    }
}
