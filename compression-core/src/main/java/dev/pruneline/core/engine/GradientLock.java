package dev.pruneline.core.engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The process-wide lock around every use of a gradient collector. DJL's PyTorch engine allows only
 * one open {@code GradientCollector} per JVM (a static flag), so training loops, gradient-based
 * criteria and the engine self-check hold this lock while they record gradients. Parallel training
 * comes from more worker processes, not from threads in one JVM.
 */
public final class GradientLock {
    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private GradientLock() {
    }

    /** Runs {@code work} while holding the lock. */
    public static <T> T with(java.util.function.Supplier<T> work) {
        LOCK.lock();
        try {
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }
}
