package dev.pruneline.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class StuckJobHealthCheckTest {
    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration LIMIT = Duration.ofHours(2);
    private static final Duration GRACE = Duration.ofMinutes(5);

    private final SettableClock clock = new SettableClock(START);
    private final JobWatch watch = new JobWatch(clock);
    private final StuckJobHealthCheck check = new StuckJobHealthCheck(watch, new Limits(LIMIT, GRACE));

    /** The check's answer {@code age} after a prune job of release r-1 began. */
    private HealthCheckResponse checkAfter(Duration age) {
        try (JobWatch.Handle job = watch.start("prune", "r-1")) {
            clock.advance(age);
            return check.call();
        }
    }

    @Test
    void shouldBeUpWithNoJobRunning() {
        HealthCheckResponse response = check.call();

        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals(0L, data.get("running-jobs"));
        assertEquals("PT2H", data.get("max-job-duration"));
        assertEquals("PT5M", data.get("stuck-job-grace"));
        assertFalse(data.containsKey("release"));
    }

    @Test
    void shouldBeUpAndDescribeAYoungJob() {
        HealthCheckResponse response = checkAfter(Duration.ofMinutes(12).plusSeconds(30));

        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals(1L, data.get("running-jobs"));
        assertEquals("r-1", data.get("release"));
        assertEquals("prune", data.get("stage"));
        assertEquals("2024-05-01T10:00:00Z", data.get("started-at"));
        assertEquals("PT12M30S", data.get("running-for"));
    }

    @Test
    void shouldStayUpWhileAJobPastItsLimitIsWithinTheGracePeriod() {
        HealthCheckResponse response = checkAfter(LIMIT.plus(GRACE));

        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
    }

    @Test
    void shouldBeDownWhenAJobRunsPastItsLimitAndTheGracePeriod() {
        HealthCheckResponse response = checkAfter(LIMIT.plus(GRACE).plusSeconds(1));

        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals("r-1", data.get("release"));
        assertEquals("PT2H5M1S", data.get("running-for"));
        assertEquals(
                "prune job for release r-1 has run for 2h 5m, past max-job-duration PT2H plus stuck-job-grace PT5M,"
                        + " and did not stop",
                data.get("error"));
    }

    @Test
    void shouldForgetAJobOnceItEnds() {
        try (JobWatch.Handle job = watch.start("retrain", "r-2")) {
            assertEquals(1, watch.count());
        }
        assertEquals(0, watch.count());
        assertTrue(watch.oldest().isEmpty());
        assertEquals(Duration.ZERO, watch.age("retrain"));
    }

    private record Limits(Duration maxJobDuration, Duration stuckJobGrace) implements WorkerConfig {
        @Override
        public Path workDir() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Path datasetCacheDir() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long maxExtractedBytes() {
            throw new UnsupportedOperationException();
        }
    }
}
