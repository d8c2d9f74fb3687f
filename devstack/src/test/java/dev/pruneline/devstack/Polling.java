package dev.pruneline.devstack;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits by asking again, never by sleeping a fixed time. */
final class Polling {

    private Polling() {}

    /** The first non-empty answer of {@code attempt}, asked repeatedly until {@code timeout}. */
    static <T> T await(String what, Duration timeout, Supplier<Optional<T>> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> answer = attempt.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not seen within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // poll interval, not a wait for the result
        }
    }
}
