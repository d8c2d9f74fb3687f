package dev.pruneline.core.deadline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobDeadlineTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T10:00:00Z"));

    @Test
    void shouldPassOnlyAfterTheLimit() {
        JobDeadline deadline = JobDeadline.after(Duration.ofMinutes(10), clock);

        clock.advance(Duration.ofMinutes(10));
        assertFalse(deadline.passed(), "exactly at the limit the job may still run");
        assertDoesNotThrow(() -> deadline.check("training"));

        clock.advance(Duration.ofMillis(1));
        assertTrue(deadline.passed());
        JobTimeoutException e = assertThrows(JobTimeoutException.class, () -> deadline.check("training"));
        assertEquals(Duration.ofMinutes(10), e.limit());
        assertEquals(Duration.ofMinutes(10).plusMillis(1), e.elapsed());
        assertEquals("training", e.activity());
        assertEquals(
                "the job exceeded its time limit of PT10M after 10m 0s while training; nothing was saved",
                e.getMessage());
    }

    @Test
    void shouldCheckTheDeadlineOfTheJobRunningOnThisThreadOnly() {
        JobDeadline deadline = JobDeadline.after(Duration.ofSeconds(1), clock);
        clock.advance(Duration.ofSeconds(2));

        assertDoesNotThrow(() -> JobDeadline.checkpoint("evaluating"), "no job runs on this thread");
        JobTimeoutException e = assertThrows(
                JobTimeoutException.class, () -> deadline.runWithin(() -> "never starts: the deadline passed"));
        assertEquals(JobDeadline.WAITING_TO_START, e.activity());
        assertDoesNotThrow(() -> JobDeadline.checkpoint("evaluating"), "the deadline ends with its job");
    }

    @Test
    void shouldRestoreTheOuterDeadlineWhenAnInnerJobEnds() {
        JobDeadline outer = JobDeadline.after(Duration.ofSeconds(5), clock);
        JobDeadline inner = JobDeadline.after(Duration.ofHours(1), clock);

        JobTimeoutException e = assertThrows(
                JobTimeoutException.class,
                () -> outer.runWithin(() -> {
                    inner.runWithin(() -> {
                        clock.advance(Duration.ofSeconds(10));
                        JobDeadline.checkpoint("inner work");
                        return null;
                    });
                    JobDeadline.checkpoint("outer work");
                    return null;
                }));
        assertEquals("outer work", e.activity());
    }

    @Test
    void shouldNeverStopAJobWithoutALimit() {
        assertEquals("ok", JobDeadline.NONE.runWithin(() -> {
            JobDeadline.checkpoint("training");
            return "ok";
        }));
        assertFalse(JobDeadline.NONE.passed());
    }

    @Test
    void shouldRefuseALimitThatIsNotPositive() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JobDeadline.after(Duration.ZERO, clock));
        assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
    }

    @Test
    void shouldDescribeDurationsAsPeopleReadThem() {
        assertEquals("2h 0m", JobDeadline.describe(Duration.ofHours(2).plusSeconds(30)));
        assertEquals("3m 12s", JobDeadline.describe(Duration.ofSeconds(192)));
        assertEquals("0.250s", JobDeadline.describe(Duration.ofMillis(250)));
    }
}
