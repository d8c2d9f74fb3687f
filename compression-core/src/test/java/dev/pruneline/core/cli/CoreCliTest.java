package dev.pruneline.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.core.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CoreCliTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = CoreCli.configure(new CommandLine(new CoreCli()));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void shouldPrintOneErrorLineAndExitTwoForAMissingBundle() {
        int code = run("evaluate", "--model", tmp.resolve("nope").toString(), "--data", "sample");
        assertEquals(2, code);
        String[] lines = err.toString().strip().split("\n");
        assertEquals(1, lines.length, err.toString());
        assertTrue(lines[0].startsWith("error: bundle " + tmp.resolve("nope") + " does not exist"), lines[0]);
    }

    @Test
    void shouldPrintMetricsAsJson() throws Exception {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run("evaluate", "--model", tmp.resolve("b").toString(), "--data", "sample", "--json");
        assertEquals(0, code, err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(61_706, json.get("parameters").asLong());
        assertEquals(416_520, json.get("macs").asLong());
        assertTrue(json.has("accuracy") && json.has("nonzero_parameters"), out.toString());
    }

    @Test
    void shouldRejectAnUnknownCriterionWithTheKnownOnes() {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run("prune", "--model", tmp.resolve("b").toString(), "--data", "sample", "--criterion", "nope",
                "--sparsity", "0.5", "--out", tmp.resolve("o").toString());
        assertEquals(2, code);
        assertEquals("error: unknown criterion 'nope' (known: magnitude, taylor)", err.toString().strip());
    }
}
