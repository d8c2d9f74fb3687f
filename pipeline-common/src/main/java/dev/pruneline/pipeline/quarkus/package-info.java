/**
 * The Quarkus side of what the services share: the artifact store built from {@code pruneline.s3.*} and its
 * readiness check, and the constant-time check of a service's one HTTP Basic user
 * ({@link dev.pruneline.pipeline.quarkus.SingleUserIdentityProvider}). Plain CDI, SmallRye Config and Quarkus
 * Security; every service picks these beans up through the Jandex index.
 */
package dev.pruneline.pipeline.quarkus;
