package dev.pruneline.registry.console;

import dev.pruneline.registry.messaging.RegistryChanged;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Hands what the registry records to the console's open pages: every {@link RegistryChanged} (fired by the Kafka
 * consumers once an event is committed, and by operators' production changes) goes to each subscribed page that
 * shows its model. A page that does not keep up loses updates, never blocks the consumers.
 */
@ApplicationScoped
public class ConsoleUpdates {

    private static final Logger LOG = Logger.getLogger(ConsoleUpdates.class);

    private final BroadcastProcessor<RegistryChanged> changes = BroadcastProcessor.create();

    void onChange(@Observes RegistryChanged change) {
        try {
            changes.onNext(change);
        } catch (RuntimeException e) {
            // the consumers' transactions are committed: a page missing an update must not fail them
            LOG.debugf("console update of %s not delivered: %s", change.model(), e.getMessage());
        }
    }

    /** The changes of one model from now on, or of every model for null. */
    public Multi<RegistryChanged> changes(String model) {
        return changes.filter(c -> model == null || Objects.equals(model, c.model()))
                .onOverflow()
                .drop();
    }
}
