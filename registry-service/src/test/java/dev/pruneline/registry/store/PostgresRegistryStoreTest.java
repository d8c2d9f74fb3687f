package dev.pruneline.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store contract on the real PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}), in a
 * schema of its own that is recreated for each run.
 */
class PostgresRegistryStoreTest extends AbstractRegistryStoreTest {

    private static final String SCHEMA = "registry_contract";
    private static RegistryStore store;
    private static PGSimpleDataSource dataSource;

    @Override
    protected synchronized RegistryStore store() {
        if (store == null) {
            dataSource = new PGSimpleDataSource();
            dataSource.setUrl(System.getProperty("pruneline.test.pg-url", "jdbc:postgresql://127.0.0.1:5432/test"));
            dataSource.setUser("postgres");
            dataSource.setCurrentSchema(SCHEMA);
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(SCHEMA)
                    .cleanDisabled(false)
                    .load();
            flyway.clean();
            flyway.migrate();
            store = new JdbcRegistryStore(dataSource);
        }
        return store;
    }

    @Override
    protected DataSource dataSource() {
        store();
        return dataSource;
    }

    /**
     * An operator's roll back that starts while a promote of the same model is still uncommitted waits for it, and
     * then rolls back that promote: without the per-model lock it would read the history without the promote and
     * send production to the wrong release.
     */
    @Test
    void shouldSerialiseProductionChangesOfOneModel() throws Exception {
        RegistryStore s = store();
        String model = "serial-" + UUID.randomUUID();
        s.recordRetrained(new Events(model, "1").retrained(), "{}", Events.decision(Outcome.PROMOTED));
        s.recordRetrained(new Events(model, "2").retrained(), "{}", Events.decision(Outcome.PROMOTED));
        s.recordRetrained(new Events(model, "3").retrained(), "{}", Events.decision(Outcome.REJECTED));
        CountDownLatch promoteWritten = new CountDownLatch(1);
        CountDownLatch releasePromote = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Production> promote = threads.submit(() -> s.promote(model, "3", "alice", "first", null, p -> {
                promoteWritten.countDown();
                await(releasePromote);
            }));
            await(promoteWritten);
            Future<Production> rollback = threads.submit(() -> s.rollback(model, "bob", "second", null, p -> {}));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnLocks() > 0);
            releasePromote.countDown();

            assertEquals("3", promote.get(30, TimeUnit.SECONDS).change().version());
            assertEquals(
                    "2", rollback.get(30, TimeUnit.SECONDS).change().version(), "the roll back undoes the promote");
            assertEquals(
                    List.of("2", "3", "2", "1"),
                    s.productionHistory(model).stream()
                            .map(ProductionChange::version)
                            .toList());
        } finally {
            releasePromote.countDown();
            threads.shutdownNow();
        }
    }

    private static int waitingOnLocks() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
