/**
 * Release history behind one port, {@link dev.pruneline.registry.store.RegistryStore}: releases, the bundles each
 * stage produced, metrics, decisions and an audit of every event handled. {@link
 * dev.pruneline.registry.store.JdbcRegistryStore} implements it over any JDBC {@link javax.sql.DataSource} whose
 * schema Flyway created from {@code db/migration} (PostgreSQL, or H2 in PostgreSQL mode).
 */
package dev.pruneline.registry.store;
