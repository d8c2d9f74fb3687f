package dev.pruneline.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DevStackMainTest {

    @Test
    void shouldRunAsAProcessWriteItsPropertiesAndStopCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("devstack.properties");
        int kafkaPort = LocalPorts.free();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DevStackMain.class.getName(),
                        "--kafka-port",
                        String.valueOf(kafkaPort),
                        "--data-dir",
                        dir.resolve("data").toString(),
                        "--properties-out",
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("process.log").toFile())
                .start();
        try {
            Map<String, String> properties = Polling.await("properties file", Duration.ofSeconds(90), () -> {
                assertTrue(process.isAlive(), () -> "devstack exited early: " + log(dir));
                return Files.exists(out) ? Optional.of(read(out)) : Optional.empty();
            });
            assertEquals("127.0.0.1:" + kafkaPort, properties.get("kafka.bootstrap.servers"));
            assertEquals("pruneline", properties.get("pruneline.s3.bucket"));
            assertTrue(log(dir).contains("kafka.bootstrap.servers=127.0.0.1:" + kafkaPort), "printed too");

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stops within 60 s");
            assertEquals(143, process.exitValue(), "ended by SIGTERM");
            assertTrue(Files.exists(dir.resolve("data/kafka/meta.properties")), "data kept");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldRefuseAPortOutOfRangeWithTheUsageAndExitCode2() {
        StringWriter err = new StringWriter();
        int code =
                new CommandLine(new DevStackMain()).setErr(new PrintWriter(err)).execute("--kafka-port", "70000");
        assertEquals(2, code);
        assertTrue(
                err.toString().contains("--kafka-port needs a port number (0 for a free one), not 70000"),
                err::toString);
        assertTrue(err.toString().contains("Usage: DevStackMain"), err::toString);
    }

    @Test
    void shouldRefuseAnUnknownOption() {
        StringWriter err = new StringWriter();
        int code =
                new CommandLine(new DevStackMain()).setErr(new PrintWriter(err)).execute("--kafka", "1");
        assertEquals(2, code);
        assertTrue(err.toString().contains("Unknown option"), err::toString);
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> properties = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                properties.put(line.substring(0, eq), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(
                List.of(
                        "kafka.bootstrap.servers",
                        "pruneline.s3.endpoint",
                        "pruneline.s3.access-key",
                        "pruneline.s3.secret-key",
                        "pruneline.s3.bucket"),
                List.copyOf(properties.keySet()));
        return properties;
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("process.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
