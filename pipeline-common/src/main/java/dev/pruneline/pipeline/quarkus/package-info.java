/**
 * The Quarkus side of what the services share: the artifact store built from {@code pruneline.s3.*} and its
 * readiness check. Plain CDI and SmallRye Config; every service picks these beans up through the Jandex index.
 */
package dev.pruneline.pipeline.quarkus;
