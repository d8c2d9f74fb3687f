package dev.pruneline.core;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/** Bytes the current thread has allocated so far: how tests show a refusal came before a large allocation. */
public final class ThreadAllocation {
    private ThreadAllocation() {}

    public static long bytes() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
