package dev.pruneline.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code engine-bench} on the bundled sample: one epoch per mode of a pruned-width LeNet-5. */
class EngineBenchCommandTest extends CliTest {
    @Test
    void timesBothModesAndRestoresTheChosenOne() {
        EngineMode before = EngineSetup.prepareForTraining();
        assertEquals(0, run("engine-bench", "--models", "lenet5-3-8", "--repeats", "1"), err.toString());
        Matcher row = Pattern.compile("\\| lenet5-3-8 \\| 113 \\| (\\d+) \\| (\\d+) \\| [0-9.]+x \\|")
                .matcher(out.toString());
        assertTrue(row.find(), out.toString());
        assertTrue(Long.parseLong(row.group(1)) > 0 && Long.parseLong(row.group(2)) > 0, row.group());
        assertTrue(err.toString().contains("oneDNN on") && err.toString().contains("oneDNN off"), err.toString());
        assertEquals(before.onednnEnabled(), EngineSetup.current().onednnEnabled());
    }

    @Test
    void refusesBadWidthsAndRepeats() {
        assertEquals(CoreCli.EXIT_BAD_INPUT, run("engine-bench", "--models", "lenet5-3-x"));
        assertTrue(err.toString().contains("bad LeNet-5 widths in 'lenet5-3-x'"), err.toString());
        assertEquals(2, run("engine-bench", "--repeats", "0"));
        assertTrue(err.toString().contains("--repeats must be at least 1"), err.toString());
    }
}
