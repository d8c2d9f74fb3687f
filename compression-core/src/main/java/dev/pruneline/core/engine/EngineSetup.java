package dev.pruneline.core.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.pruneline.core.CompressionException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the DJL PyTorch engine once per JVM with pruneline's settings and decides how
 * convolutions run ({@link ConvPath}).
 *
 * <p>By default convolutions run on libtorch's oneDNN kernels at aligned channel widths
 * ({@link ChannelAlignment}), and every convolution shape a model brings is verified against the
 * reference path by {@link ConvKernelCheck} before the model runs ({@link #verify}). If any shape
 * fails, the whole process switches to the reference path (oneDNN off), says so in the log, and
 * every later report names that path.
 *
 * <p>Settings (system properties):
 * <ul>
 *   <li>{@code ai.djl.pytorch.num_threads}: intra-op threads, default: the available processors
 *       (run with {@code OMP_WAIT_POLICY=PASSIVE}: busy-waiting OpenMP threads under other load
 *       made training 10-20x slower; and with {@code GOMP_SPINCOUNT=10000}, a short spin before
 *       sleeping that made ResNet-8 training 30% faster at 2 threads);</li>
 *   <li>{@code pruneline.engine.onednn}: {@code auto} (default, as above), {@code on} (aligned
 *       oneDNN, no verification) or {@code off} (the reference path);</li>
 *   <li>{@code ai.djl.offline}: set to {@code true} when unset, so DJL never reaches the network.</li>
 * </ul>
 * libtorch's NNPACK is switched off: the oneDNN and reference paths never need it, and on CPUs it
 * does not support, libtorch would try to initialise it (and log a warning) on every convolution.
 */
public final class EngineSetup {
    /** Property choosing the convolution path: auto, on or off. */
    public static final String ONEDNN_PROPERTY = "pruneline.engine.onednn";
    /** DJL's property for the intra-op thread count. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    /** The reason recorded while every shape checked so far passed. */
    static final String VERIFIED = "kernels verified";

    private static final Logger LOG = LoggerFactory.getLogger(EngineSetup.class);
    /** Shapes verified in this process, with the activation layout they were verified in. */
    private static final Set<Verified> VERIFIED_SHAPES = ConcurrentHashMap.newKeySet();

    private record Verified(ConvSignature shape, ActivationLayout layout) {}

    private static volatile EngineMode mode;
    private static volatile boolean autoVerify;

    private EngineSetup() {}

    /** Intra-op threads when the property is unset: every available processor. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Loads the engine (idempotent), applies the settings and returns the mode. */
    public static synchronized EngineMode start() {
        if (mode == null) {
            if (System.getProperty("ai.djl.offline") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            if (System.getProperty(THREADS_PROPERTY) == null) {
                System.setProperty(THREADS_PROPERTY, Integer.toString(defaultThreads()));
            }
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            int threads = threads();
            String setting = System.getProperty(ONEDNN_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            ConvPath path = switch (setting) {
                case "auto", "on" -> ConvPath.ONEDNN_ALIGNED;
                case "off" -> ConvPath.REFERENCE;
                default ->
                    throw new CompressionException(ONEDNN_PROPERTY + " must be auto, on or off, got '" + setting + "'");
            };
            Engine engine = Engine.getEngine("PyTorch");
            String version = engine.getEngineName() + " " + engine.getVersion();
            autoVerify = setting.equals("auto");
            String reason = autoVerify ? VERIFIED : "forced " + setting + " by " + ONEDNN_PROPERTY;
            try {
                TorchSwitches.setNnpack(false);
                mode = apply(new EngineMode(path, reason, threads, version));
            } catch (CompressionException e) {
                if (path == ConvPath.REFERENCE) {
                    throw e;
                }
                // libtorch's defaults (oneDNN on) stay; without the switch there is no reference to check against.
                LOG.warn(
                        "engine: libtorch's backend switches are out of reach ({}); shapes cannot be verified",
                        e.getMessage());
                autoVerify = false;
                mode = new EngineMode(path, "not verified: no backend switch", threads, version);
            }
            LOG.info("engine: {}, {} intra-op thread(s), {}", mode.label(), threads, mode.engineVersion());
        }
        return mode;
    }

    /** The mode as it stands. */
    public static EngineMode current() {
        EngineMode m = mode;
        return m != null ? m : start();
    }

    /** The convolution path as it stands; cheap, for every forward pass. */
    public static ConvPath convPath() {
        return current().path();
    }

    /**
     * Verifies the shapes a model is about to run, in the activation layout it runs them in (in
     * {@code auto} mode; a no-op otherwise, and for shapes already verified in this process). On the
     * first shape that fails, the process switches to {@link ConvPath#REFERENCE} for good.
     *
     * @return the mode the model runs under
     */
    public static EngineMode verify(Collection<ConvSignature> shapes, ActivationLayout layout) {
        start();
        List<Verified> wanted =
                shapes.stream().distinct().map(s -> new Verified(s, layout)).toList();
        if (!autoVerify || convPath() != ConvPath.ONEDNN_ALIGNED || VERIFIED_SHAPES.containsAll(wanted)) {
            return current();
        }
        return GradientLock.with(() -> verifyHoldingLock(wanted));
    }

    private static synchronized EngineMode verifyHoldingLock(List<Verified> wanted) {
        List<Verified> fresh =
                wanted.stream().filter(v -> !VERIFIED_SHAPES.contains(v)).toList();
        if (mode.path() != ConvPath.ONEDNN_ALIGNED || fresh.isEmpty()) {
            return mode;
        }
        long start = System.nanoTime();
        try {
            for (Verified v : fresh) {
                ConvKernelCheck.Result r = ConvKernelCheck.check(v.shape(), ConvKernelCheck.aligned(v.layout()));
                if (!r.passed()) {
                    LOG.warn(
                            "engine: {} ({}) is wrong on oneDNN here ({}); switching to the reference path",
                            v.shape(),
                            v.layout().label(),
                            r.mismatches());
                    mode = apply(mode.with(ConvPath.REFERENCE, "kernel check failed: " + v.shape()));
                    return mode;
                }
                VERIFIED_SHAPES.add(v);
            }
        } finally {
            TorchSwitches.setOneDnn(mode.onednnEnabled());
        }
        LOG.info(
                "engine: {} new conv shape(s) verified on {} in {} ms",
                fresh.size(),
                mode.path().label(),
                (System.nanoTime() - start) / 1_000_000);
        return mode;
    }

    /**
     * Selects a path explicitly and stops verification until {@link #restore}; for benchmarks that
     * compare paths in one process. Production code relies on {@link #start()} and {@link #verify}.
     */
    public static EngineMode usePath(ConvPath path, String reason) {
        start();
        return GradientLock.with(() -> {
            synchronized (EngineSetup.class) {
                autoVerify = false;
                mode = apply(mode.with(path, reason));
                return mode;
            }
        });
    }

    /**
     * Restores a mode saved from {@link #current()} after {@link #usePath} or {@link #useThreads},
     * including shape verification where the saved mode had it.
     */
    public static EngineMode restore(EngineMode saved) {
        useThreads(saved.threads());
        EngineMode m = usePath(saved.path(), saved.reason());
        synchronized (EngineSetup.class) {
            autoVerify = saved.path() == ConvPath.ONEDNN_ALIGNED && VERIFIED.equals(saved.reason());
        }
        return m;
    }

    /** Sets the intra-op thread count for the rest of the process; for benchmarks. */
    public static synchronized EngineMode useThreads(int threads) {
        start();
        if (threads < 1) {
            throw new CompressionException("threads must be at least 1, got " + threads);
        }
        JniUtils.setNumThreads(threads);
        mode = new EngineMode(mode.path(), mode.reason(), threads, mode.engineVersion());
        return mode;
    }

    private static EngineMode apply(EngineMode m) {
        boolean actual = TorchSwitches.setOneDnn(m.onednnEnabled());
        if (actual != m.onednnEnabled()) {
            throw new CompressionException("libtorch did not accept oneDNN " + (m.onednnEnabled() ? "on" : "off"));
        }
        return m;
    }

    private static int threads() {
        String v = System.getProperty(THREADS_PROPERTY).trim();
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CompressionException(THREADS_PROPERTY + " must be a positive integer, got '" + v + "'");
    }
}
