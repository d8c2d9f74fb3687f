package dev.pruneline.registry.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The registry's own settings: keys {@code pruneline.registry.*} (env {@code PRUNELINE_REGISTRY_*}).
 * {@code application.properties} turns these into the settings of the datasources {@code h2} and {@code pg}.
 */
@ConfigMapping(prefix = "pruneline.registry")
public interface RegistryConfig {

    /** Which database keeps the history: {@code embedded} (H2, the default) or {@code postgresql}. */
    @WithDefault("embedded")
    Database database();

    /** Where PostgreSQL is, when {@link #database()} is {@code postgresql}. */
    Postgresql pg();

    /** PostgreSQL coordinates: keys {@code pruneline.registry.pg.*} (env {@code PRUNELINE_REGISTRY_PG_*}). */
    interface Postgresql {
        /** JDBC URL; default {@code jdbc:postgresql://localhost:5432/pruneline}. */
        Optional<String> url();

        /** User; default {@code pruneline}. */
        Optional<String> username();

        /** Password; default {@code pruneline}. */
        Optional<String> password();
    }

    /** Who may change production by hand. */
    Operator operator();

    /** Operators: keys {@code pruneline.registry.operator.*} (env {@code PRUNELINE_REGISTRY_OPERATOR_*}). */
    interface Operator {
        /**
         * HTTP Basic password of the user {@code operator}, who may promote and roll back; unset (the default), those
         * endpoints are off.
         */
        Optional<String> password();
    }

    /**
     * The largest record value, in bytes, the registry reads from a consumed topic; a larger one goes to
     * {@code registry.dlq} unread. Default 1 MiB.
     */
    @WithDefault("1048576")
    int maxEventBytes();

    /**
     * How long a release may sit in a status that is not final (released, pruned, retrained) before the stage
     * watchdog marks it failed. Default 6 hours.
     */
    @WithDefault("PT6H")
    Duration stageTimeout();

    /** How often the stage watchdog looks for releases past {@link #stageTimeout()}. Default one minute. */
    @WithDefault("1m")
    Duration watchdogInterval();

    /** The databases the registry runs on. */
    enum Database {
        /** H2 inside the service, in PostgreSQL mode: nothing to install. */
        EMBEDDED,
        /** A PostgreSQL server. */
        POSTGRESQL
    }
}
