package dev.pruneline.registry.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** The store contract on embedded H2 in PostgreSQL mode, as the service runs by default. */
class H2RegistryStoreTest extends AbstractRegistryStoreTest {

    private static RegistryStore store;
    private static JdbcDataSource dataSource;

    @Override
    protected synchronized RegistryStore store() {
        if (store == null) {
            dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:contract;MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
            Flyway.configure().dataSource(dataSource).load().migrate();
            store = new JdbcRegistryStore(dataSource);
        }
        return store;
    }

    @Override
    protected DataSource dataSource() {
        store();
        return dataSource;
    }
}
