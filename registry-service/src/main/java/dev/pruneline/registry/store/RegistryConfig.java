package dev.pruneline.registry.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The registry's own settings: keys {@code pruneline.registry.*} (env {@code PRUNELINE_REGISTRY_*}).
 * PostgreSQL coordinates are the datasource's: see {@code application.properties}.
 */
@ConfigMapping(prefix = "pruneline.registry")
public interface RegistryConfig {

    /** Which database keeps the history: {@code embedded} (H2, the default) or {@code postgresql}. */
    @WithDefault("embedded")
    Database database();

    /** The databases the registry runs on. */
    enum Database {
        /** H2 inside the service, in PostgreSQL mode: nothing to install. */
        EMBEDDED,
        /** A PostgreSQL server. */
        POSTGRESQL
    }
}
