package dev.pruneline.registry.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * Hands out the {@link RegistryStore} over the one active datasource. Both datasources, {@code h2} and {@code pg},
 * are built into the application; {@code pruneline.registry.database} activates exactly one of them at start-up
 * (see {@code application.properties}), and only that one is connected, migrated by Flyway and health-checked.
 */
@ApplicationScoped
public class RegistryStoreProducer {

    private static final Logger LOG = Logger.getLogger(RegistryStoreProducer.class);

    @Produces
    @ApplicationScoped
    RegistryStore registryStore(
            RegistryConfig config,
            @DataSource("h2") InjectableInstance<AgroalDataSource> h2,
            @DataSource("pg") InjectableInstance<AgroalDataSource> pg) {
        InjectableInstance<AgroalDataSource> chosen = config.database() == RegistryConfig.Database.POSTGRESQL ? pg : h2;
        if (!chosen.getHandle().getBean().isActive()) {
            throw new IllegalStateException(
                    "pruneline.registry.database=" + config.database().name().toLowerCase()
                            + " but its datasource is inactive: set quarkus.datasource.\"h2\"/\"pg\".active to match");
        }
        LOG.infof("registry database: %s", config.database().name().toLowerCase());
        return new JdbcRegistryStore(chosen.get());
    }
}
