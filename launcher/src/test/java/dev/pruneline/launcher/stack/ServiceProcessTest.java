package dev.pruneline.launcher.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void shouldNameSecretsAsSmallRyeConfigReadsThemFromTheEnvironment() {
        assertEquals("PRUNELINE_S3_SECRET_KEY", ServiceProcess.environmentName("pruneline.s3.secret-key"));
        assertEquals(
                "PRUNELINE_REGISTRY_PG_PASSWORD", ServiceProcess.environmentName("pruneline.registry.pg.password"));
        assertEquals(
                "QUARKUS_DATASOURCE__PG__PASSWORD",
                ServiceProcess.environmentName("quarkus.datasource.\"pg\".password"));
    }
}
