package dev.pruneline.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./pruneline retry} against a stand-in registry: what it sends, and what it prints of each answer. */
class RetryCommandTest {

    private HttpServer registry;
    private final AtomicReference<String> request = new AtomicReference<>();
    private volatile int status = 202;
    private volatile String answer = "{\"releaseId\":\"r-1\",\"status\":\"RELEASED\"}";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startRegistry() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            request.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    private int retry(Path passwordFile, String... more) {
        CommandLine cli = PrunelineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] base = {
            "retry",
            "--model",
            "lenet5",
            "--version",
            "2",
            "--registry",
            "http://127.0.0.1:" + registry.getAddress().getPort(),
            "--password-file",
            passwordFile.toString()
        };
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return cli.execute(args);
    }

    @Test
    void shouldAskTheRegistryToRunTheFailedReleaseAgainAsTheOperator(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");

        assertEquals(0, retry(password, "--reason", "S3 is back"));

        String[] sent = request.get().split("\n", 3);
        assertEquals("POST /api/v1/models/lenet5/versions/2/retry", sent[0]);
        assertEquals(
                "Basic " + Base64.getEncoder().encodeToString("operator:s3cret".getBytes(StandardCharsets.UTF_8)),
                sent[1]);
        assertEquals("{\"reason\":\"S3 is back\"}", sent[2]);
        assertTrue(out.toString().contains("lenet5 2 (release r-1) runs again from status RELEASED"), out.toString());
    }

    @Test
    void shouldPrintTheRegistrysRefusalAndExitWithOne(@TempDir Path dir) throws Exception {
        status = 409;
        answer = "{\"error\":\"lenet5 2 is PROMOTED: only a failed release can be re-driven\"}";

        assertEquals(1, retry(Files.writeString(dir.resolve("password"), "s3cret")));

        assertEquals(
                "error: the registry answered 409: lenet5 2 is PROMOTED: only a failed release can be re-driven",
                err.toString().strip());
    }

    @Test
    void shouldSayThatAnEmpty401MeansAWrongPassword(@TempDir Path dir) throws Exception {
        status = 401;
        answer = "";

        assertEquals(1, retry(Files.writeString(dir.resolve("password"), "guess")));

        assertEquals(
                "error: the registry answered 401: wrong operator password",
                err.toString().strip());
    }

    @Test
    void shouldSayWhereThePasswordComesFrom(@TempDir Path dir) {
        assertEquals(2, retry(dir.resolve("missing")));
        assertTrue(err.toString().contains("cannot read --password-file"), err.toString());
    }
}
