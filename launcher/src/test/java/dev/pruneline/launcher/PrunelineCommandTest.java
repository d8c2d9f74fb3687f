package dev.pruneline.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrunelineCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PrunelineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldOfferThePipelineAndTheOfflineCommandsInOneCommandLine() {
        assertEquals(0, run("--help"));

        for (String command : new String[] {
            "demo",
            "up",
            "down",
            "release",
            "train",
            "prune",
            "finetune",
            "evaluate",
            "sensitivity",
            "bench",
            "onnx-bench",
            "promote",
            "rollback",
            "retry",
            "production"
        }) {
            assertTrue(out.toString().contains("\n  " + command + " "), command + " missing from:\n" + out);
        }
        assertTrue(!out.toString().contains("stack-run"), "the background runner is not for users");
    }

    @Test
    void shouldReportABadBundleInOneLineWithExitCodeTwo(@TempDir Path empty) {
        int code = run("evaluate", "--model", empty.toString(), "--data", "sample", "--json");

        assertEquals(2, code);
        String message = err.toString().strip();
        assertTrue(message.startsWith("error: ") && !message.contains("\n"), message);
        assertTrue(message.contains("model.json"), message);
    }

    @Test
    void shouldSayWhereTheOperatorPasswordComesFrom(@TempDir Path empty) {
        int code = run(
                "rollback",
                "--model",
                "m",
                "--reason",
                "r",
                "--registry",
                "http://127.0.0.1:1",
                "--password-file",
                empty.resolve("missing").toString());

        assertEquals(2, code);
        assertTrue(err.toString().contains("cannot read --password-file"), err.toString());
    }

    @Test
    void shouldSayWhereTheUploaderPasswordComesFrom(@TempDir Path empty) {
        int code = run(
                "release",
                "--model",
                "m",
                "--version",
                "1",
                "--bundle",
                empty.toString(),
                "--ingest",
                "http://127.0.0.1:1",
                "--registry",
                "http://127.0.0.1:1",
                "--uploader-password-file",
                empty.resolve("missing").toString());

        assertEquals(2, code);
        assertTrue(err.toString().contains("cannot read --uploader-password-file"), err.toString());
    }

    @Test
    void shouldRefuseAReleaseWithoutAStackOrUrls(@TempDir Path empty) {
        System.setProperty("pruneline.home", empty.toString());
        try {
            int code = run("release", "--model", "m", "--version", "1", "--bundle", empty.toString());

            assertEquals(2, code);
            assertTrue(err.toString().contains("no stack is up"), err.toString());
        } finally {
            System.clearProperty("pruneline.home");
        }
    }
}
