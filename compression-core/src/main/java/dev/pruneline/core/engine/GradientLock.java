package dev.pruneline.core.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The process-wide lock around every use of a gradient collector. DJL's PyTorch engine allows only
 * one open {@code GradientCollector} per JVM (a static flag), so training loops, gradient-based
 * criteria and the convolution kernel check hold this lock while they record gradients. Parallel
 * training comes from more worker processes, not from threads in one JVM.
 *
 * <p>PyTorch's grad mode is thread-local and on by default; DJL turns it off only on the thread that
 * loads the engine. A service runs jobs on pool threads, where in-place updates of parameters outside
 * a collector would then fail ("a leaf Variable that requires grad is being used in an in-place
 * operation"). So the lock also turns grad mode off on the calling thread; collectors turn it on and
 * off again as usual.
 */
public final class GradientLock {
    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private GradientLock() {}

    /** Runs {@code work} while holding the lock, with grad mode off on this thread outside collectors. */
    public static <T> T with(Supplier<T> work) {
        LOCK.lock();
        try {
            if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
                JniUtils.setGradMode(false);
            }
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }
}
