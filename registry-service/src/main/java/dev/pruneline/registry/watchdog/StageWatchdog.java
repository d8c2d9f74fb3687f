package dev.pruneline.registry.watchdog;

import dev.pruneline.registry.messaging.RegistryChanged;
import dev.pruneline.registry.messaging.RegistryMetrics;
import dev.pruneline.registry.store.RegistryConfig;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.Release;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every {@code pruneline.registry.watchdog-interval}, fails the releases that have sat in {@code RELEASED},
 * {@code PRUNED} or {@code RETRAINED} for longer than {@code pruneline.registry.stage-timeout}, with a reason naming
 * the event that did not come (see {@link RegistryStore#failStalled}). Such a release is stalled, not lost: a late
 * stage event moves it on, and an operator may re-drive it. Several registries may run the watchdog at once; each
 * release is failed, counted and logged by one of them.
 */
@ApplicationScoped
public class StageWatchdog {

    private static final Logger LOG = Logger.getLogger(StageWatchdog.class);

    private final RegistryStore store;
    private final RegistryMetrics metrics;
    private final Event<RegistryChanged> changes;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();

    public StageWatchdog(
            RegistryStore store, RegistryMetrics metrics, Event<RegistryChanged> changes, RegistryConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.changes = changes;
        this.timeout = config.stageTimeout();
    }

    @Scheduled(
            identity = "stage-watchdog",
            every = "${pruneline.registry.watchdog-interval}",
            delayed = "${pruneline.registry.watchdog-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        failStalled(clock.instant());
    }

    /**
     * One pass as at {@code now}: fails the releases unchanged since before {@code now} minus the stage timeout.
     *
     * @return the releases this pass failed
     */
    public List<Release> failStalled(Instant now) {
        List<Release> failed = store.failStalled(now, timeout);
        for (Release r : failed) {
            metrics.stalled(r.failure().stage());
            changes.fire(new RegistryChanged(r.model(), r.version(), r.releaseId(), RegistryChanged.WATCHDOG));
            LOG.warnf(
                    "release %s (%s %s) failed: %s",
                    r.releaseId(), r.model(), r.version(), r.failure().reason());
        }
        return failed;
    }
}
