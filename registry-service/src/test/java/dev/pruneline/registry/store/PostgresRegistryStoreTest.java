package dev.pruneline.registry.store;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store contract on the real PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code postgres}), in a
 * schema of its own that is recreated for each run.
 */
class PostgresRegistryStoreTest extends AbstractRegistryStoreTest {

    private static final String SCHEMA = "registry_contract";
    private static RegistryStore store;

    @Override
    protected synchronized RegistryStore store() {
        if (store == null) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(System.getProperty("pruneline.test.pg-url", "jdbc:postgresql://127.0.0.1:5432/test"));
            dataSource.setUser("postgres");
            dataSource.setCurrentSchema(SCHEMA);
            Flyway flyway = Flyway.configure().dataSource(dataSource).schemas(SCHEMA).cleanDisabled(false).load();
            flyway.clean();
            flyway.migrate();
            store = new JdbcRegistryStore(dataSource);
        }
        return store;
    }
}
