package dev.pruneline.pipeline.store;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each artifact store call again, with exponential backoff (250 ms doubling up to 10 s or half the window, with jitter), while it
 * fails transiently and its retry window ({@link StoreSettings#retryFor()}; below one second, one attempt) lasts: connection refused or reset,
 * timeouts and other network {@link IOException}s, HTTP 5xx, and the S3 codes {@value #TRANSIENT_CODES_TEXT}. A
 * missing key, an integrity failure, access denied or any other 4xx fails at once. Each retry is logged at WARN with
 * its attempt number and cause; a call whose window is spent fails with an {@link ArtifactStoreException} that says
 * how many attempts it made over how long.
 */
final class StoreRetries {

    static final Duration FIRST_DELAY = Duration.ofMillis(250);
    static final Duration MAX_DELAY = Duration.ofSeconds(10);
    /** A window shorter than this means one attempt per call. */
    static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);

    private static final String TRANSIENT_CODES_TEXT = "SlowDown, ServiceUnavailable, InternalError, RequestTimeout";
    private static final Set<String> TRANSIENT_CODES =
            Set.of("SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout");
    private static final Logger LOG = LoggerFactory.getLogger(MinioArtifactStore.class);

    /** Sees every attempt of every call before it runs; for tests, which count attempts rather than time them. */
    @FunctionalInterface
    interface AttemptListener {
        AttemptListener NONE = (action, subject, attempt) -> {};

        /**
         * @param attempt 1 for the first try of a call, 2 for its first retry, and so on
         */
        void attempting(String action, String subject, int attempt);
    }

    /** One try of a store call; may throw whatever the S3 client throws. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    private final StoreSettings settings;
    private final AttemptListener listener;

    StoreRetries(StoreSettings settings, AttemptListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Runs {@code call} until it succeeds, fails permanently or the retry window is spent.
     *
     * @param action  what the call does, as a verb for messages ("store", "read", "list")
     * @param subject the key, prefix or bucket it works on
     * @throws ArtifactNotFoundException if the server has no object under {@code subject}
     * @throws ArtifactStoreException    for every other failure, naming the endpoint and bucket
     */
    <T> T call(String action, String subject, Call<T> call) {
        long started = System.nanoTime();
        int[] attempts = {0};
        RetryPolicyBuilder<T> builder = RetryPolicy.<T>builder().handleIf(StoreRetries::isTransient);
        Duration window = settings.retryFor();
        if (window.compareTo(SHORTEST_WINDOW) < 0) {
            builder.withMaxRetries(0);
        } else {
            Duration maxDelay = MAX_DELAY.compareTo(window.dividedBy(2)) < 0 ? MAX_DELAY : window.dividedBy(2);
            builder.withBackoff(FIRST_DELAY, maxDelay)
                    .withJitter(0.2)
                    .withMaxRetries(-1)
                    .withMaxDuration(window);
        }
        RetryPolicy<T> policy = builder.onRetryScheduled(e -> LOG.warn(
                        "artifact store: cannot {} '{}' at {} (attempt {}), retrying in {} ms: {}",
                        action,
                        subject,
                        settings.endpoint(),
                        e.getAttemptCount(),
                        e.getDelay().toMillis(),
                        describe(e.getLastException())))
                .build();
        try {
            return Failsafe.with(policy).get(() -> {
                attempts[0]++;
                listener.attempting(action, subject, attempts[0]);
                return call.run();
            });
        } catch (ArtifactStoreException e) {
            throw e;
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw failure(action, subject, cause, attempts[0], Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            throw failure(action, subject, e, attempts[0], Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private ArtifactStoreException failure(
            String action, String subject, Throwable cause, int attempts, Duration elapsed) {
        if (cause instanceof ErrorResponseException ere && isNotFound(ere)) {
            return new ArtifactNotFoundException(subject);
        }
        String where = "cannot " + action + " '" + subject + "' at " + settings.endpoint() + " (bucket "
                + settings.bucket() + ")";
        if (attempts > 1 || isTransient(cause)) {
            where += " after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " over " + seconds(elapsed)
                    + " (retry window " + seconds(settings.retryFor()) + ")";
        }
        return new ArtifactStoreException(where + ": " + describe(cause), cause);
    }

    /** Whether a failure may heal by itself: worth another attempt. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ArtifactStoreException || t instanceof FileSystemException) {
                return false; // integrity, not found, or a local file that cannot be read
            }
            if (t instanceof ErrorResponseException e) {
                String code = e.errorResponse() == null ? "" : e.errorResponse().code();
                int status = e.response() == null ? 0 : e.response().code();
                return TRANSIENT_CODES.contains(code) || status >= 500;
            }
            if (t instanceof ServerException e) {
                return e.statusCode() >= 500;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse() == null ? "" : e.errorResponse().code();
        return "NoSuchKey".equals(code)
                || "NoSuchObject".equals(code)
                || e.response() != null && e.response().code() == 404;
    }

    /** The distinct messages of a failure and its causes: "Failed to connect to /127.0.0.1:9000: Connection refused". */
    static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (out.indexOf(message) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(message);
            }
        }
        return out.toString();
    }

    private static String seconds(Duration duration) {
        double s = duration.toMillis() / 1000.0;
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : Math.round(s) + " s";
    }
}
