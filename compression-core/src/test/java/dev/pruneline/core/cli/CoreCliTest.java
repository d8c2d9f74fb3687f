package dev.pruneline.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.engine.EngineSetup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreCliTest extends CliTest {
    @TempDir
    Path tmp;

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
        assertEquals(EngineSetup.current().label(), json.get("engine_mode").asText());
    }

    @Test
    void shouldRejectAnUnknownCriterionWithTheKnownOnes() {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run(
                "prune",
                "--model",
                tmp.resolve("b").toString(),
                "--data",
                "sample",
                "--criterion",
                "nope",
                "--sparsity",
                "0.5",
                "--out",
                tmp.resolve("o").toString());
        assertEquals(2, code);
        assertEquals(
                "error: unknown criterion 'nope' (known: magnitude, apoz, entropy, energy, random-search, lda, correlation, taylor, oracle)",
                err.toString().strip());
    }

    @Test
    void shouldPrintEnergySizeAndLatencyWithLatency() throws Exception {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run("evaluate", "--model", tmp.resolve("b").toString(), "--data", "sample", "--latency", "--json");
        assertEquals(0, code, err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertTrue(json.get("energy").asDouble() > 0 && json.get("size_bytes").asLong() > 240_000, out.toString());
        assertTrue(
                json.at("/latency_ms/batch1").asDouble() > 0
                        && json.at("/latency_ms/batch64").asDouble() > 0,
                out.toString());
    }

    @Test
    void shouldAcceptOnlyOneTarget() {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run(
                "prune",
                "--model",
                tmp.resolve("b").toString(),
                "--data",
                "sample",
                "--sparsity",
                "0.5",
                "--macs-reduction",
                "0.5",
                "--out",
                tmp.resolve("o").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
    }

    @Test
    void shouldWriteSensitivityCurvesAsJsonAndSvg() throws Exception {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run(
                "sensitivity",
                "--model",
                tmp.resolve("b").toString(),
                "--data",
                "sample",
                "--ratios",
                "0.5",
                "--plot",
                tmp.resolve("s.svg").toString(),
                "--json");
        assertEquals(0, code, err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(4, json.get("curves").size());
        assertEquals(0.5, json.at("/curves/0/points/0/ratio").asDouble());
        assertTrue(java.nio.file.Files.readString(tmp.resolve("s.svg")).startsWith("<svg"));
    }
}
