package dev.pruneline.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.core.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare command and the criterion errors of prune, on a random LeNet-5 (no training). */
class CompareCommandTest extends CliTest {
    @TempDir
    Path tmp;

    @Test
    void comparesCriteriaRanksAgainstTheOracleAndWritesAnHtmlPlot() throws Exception {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run(
                "compare",
                "--model",
                tmp.resolve("b").toString(),
                "--data",
                "sample",
                "--criteria",
                "magnitude,taylor,oracle,correlation",
                "--granularity",
                "channel",
                "--macs-reduction",
                "0.3",
                "--finetune-epochs",
                "0",
                "--no-pytorch",
                "--param",
                "images=64",
                "--work",
                tmp.resolve("w").toString(),
                "--html",
                tmp.resolve("c.html").toString(),
                "--json");
        assertEquals(0, code, err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(4, json.get("rows").size());
        assertEquals("ok", json.at("/rows/1/status").asText());
        assertTrue(json.at("/rows/1/achieved").asDouble() >= 0.3, out.toString());
        assertEquals("does not score channels", json.at("/rows/3/status").asText());
        assertTrue(json.at("/ranks/versusOracle/taylor").isNumber(), out.toString());
        String html = Files.readString(tmp.resolve("c.html"));
        assertTrue(html.contains("<svg") && html.contains("oracle"), html);
    }

    @Test
    void saysWhichGranularityACriterionScores() {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run(
                "prune",
                "--model",
                tmp.resolve("b").toString(),
                "--data",
                "sample",
                "--criterion",
                "apoz",
                "--granularity",
                "weight",
                "--sparsity",
                "0.5",
                "--out",
                tmp.resolve("o").toString());
        assertEquals(2, code);
        assertEquals(
                "error: criterion 'apoz' scores channels only; use --granularity channel",
                err.toString().strip());
    }

    @Test
    void refusesAParameterTheCriterionDoesNotHave() {
        TestModels.lenet5().save(tmp.resolve("b"));
        int code = run(
                "prune",
                "--model",
                tmp.resolve("b").toString(),
                "--data",
                "sample",
                "--criterion",
                "entropy",
                "--granularity",
                "channel",
                "--sparsity",
                "0.5",
                "--param",
                "bin=20",
                "--out",
                tmp.resolve("o").toString());
        assertEquals(2, code);
        assertTrue(
                err.toString()
                        .strip()
                        .startsWith("error: criterion 'entropy' has no parameter 'bin' (its parameters:"
                                + " bins, images; pruning keys: "),
                err.toString());
    }
}
