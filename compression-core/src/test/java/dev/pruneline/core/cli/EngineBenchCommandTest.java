package dev.pruneline.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.measure.TorchReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code engine-bench} on the bundled sample, a few batches of a pruned-width LeNet-5. */
class EngineBenchCommandTest extends CliTest {
    private static final String NUM = "(\\d+)";

    @Test
    void shouldTimeEveryPathWithItsCorrectnessAndRestoreTheChosenOne() {
        EngineMode before = EngineSetup.current();
        assertEquals(
                0,
                run("engine-bench", "--models", "lenet5-3-8", "--threads", "1", "--batches", "3", "--no-pytorch"),
                err.toString());
        String table = out.toString();
        for (String path : new String[] {
            "onednn-aligned \\| yes", "onednn-unaligned \\| (yes|NO \\(.+\\))", "reference \\| reference"
        }) {
            Matcher row = Pattern.compile("\\| lenet5-3-8 \\| 1 \\| " + path + " \\| " + NUM + " \\| ([0-9.]+) \\|")
                    .matcher(table);
            assertTrue(row.find(), path + " in\n" + table);
            assertTrue(Long.parseLong(row.group(row.groupCount() - 1)) > 0, row.group());
        }
        assertTrue(table.contains("one epoch = 3 batches"), table);
        assertEquals(before, EngineSetup.current());
    }

    @Test
    void shouldFillThePytorchColumnsWhereTorchImportsAndSaySoWhereNot() {
        assertEquals(
                0,
                run(
                        "engine-bench",
                        "--models",
                        "lenet5-3-8",
                        "--threads",
                        "1",
                        "--batches",
                        "2",
                        "--paths",
                        "onednn-aligned"),
                err.toString());
        Matcher row = Pattern.compile(
                        "\\| lenet5-3-8 \\| 1 \\| onednn-aligned \\| yes \\| \\d+ \\| [0-9.]+ \\| (.*) \\|"
                                + " (.*) \\| (.*) \\|")
                .matcher(out.toString());
        assertTrue(row.find(), out.toString());
        if (TorchReference.unavailable().isEmpty()) {
            assertTrue(Long.parseLong(row.group(1)) > 0, row.group());
            assertTrue(row.group(3).endsWith("x"), row.group());
        } else {
            assertEquals("", row.group(1).trim(), row.group());
            assertTrue(err.toString().contains("its columns stay empty"), err.toString());
        }
    }

    @Test
    void shouldRefuseBadWidthsPathsAndCounts() {
        assertEquals(CoreCli.EXIT_BAD_INPUT, run("engine-bench", "--models", "lenet5-3-x"));
        assertTrue(err.toString().contains("bad widths in 'lenet5-3-x'"), err.toString());
        assertEquals(2, run("engine-bench", "--repeats", "0"));
        assertTrue(err.toString().contains("--repeats must be at least 1"), err.toString());
        assertEquals(2, run("engine-bench", "--paths", "fast"));
        assertTrue(err.toString().contains("unknown convolution path 'fast'"), err.toString());
        assertEquals(2, run("engine-bench", "--threads", "0"));
        assertTrue(err.toString().contains("--threads must be at least 1"), err.toString());
    }

    @Test
    void shouldParseThePytorchReferenceLine() {
        TorchReference.Timing t = TorchReference.parseLine(
                "model=vgg-small threads=2 batches=113 epoch_ms=26120 latency64_ms=43.76 torch=1.13.0a0 mkldnn=True");
        assertEquals(new TorchReference.Timing("vgg-small", 2, 113, 26120, 43.76, "1.13.0a0"), t);
    }
}
