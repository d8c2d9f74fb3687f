package dev.pruneline.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.core.cli.CoreCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code onnx-bench} on the small ResNet fixture and a generated CIFAR-10-layout data set of 10 colour classes. */
class OnnxBenchCommandTest {
    private static final Path RESNET_SMALL = Path.of("../compression-core/src/test/resources/onnx/resnet_small.onnx");
    private static final int CLASSES = 10;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CoreCli.configure(new CommandLine(new OnnxBenchCommand()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldPruneToTheMacsTargetAndTimeBothModelsInOnnxRuntimeAgreeingWithTheEngine() throws IOException {
        Path data = cifarLayout(dir.resolve("data"), 400, 100);

        int code = run(
                "--model",
                RESNET_SMALL.toString(),
                "--data",
                data.toString(),
                "--macs-reduction",
                "0.5",
                "--train-epochs",
                "1",
                "--finetune-epochs",
                "1",
                "--batch1-repeats",
                "5",
                "--batch64-repeats",
                "3",
                "--work",
                dir.resolve("work").toString(),
                "--json");

        assertEquals(0, code, err.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString());
        JsonNode before = r.get("before");
        JsonNode after = r.get("after");
        double achieved = 1 - after.get("macs").asDouble() / before.get("macs").asDouble();
        assertTrue(achieved >= 0.49 && achieved <= 0.6, "MACs reduction " + achieved);
        assertEquals(achieved, r.get("macs_reduction").asDouble(), 1e-9);
        assertTrue(after.get("parameters").asLong() < before.get("parameters").asLong());
        for (JsonNode m : new JsonNode[] {before, after}) {
            assertTrue(m.get("ort_batch1_ms").asDouble() > 0, m.toString());
            assertTrue(m.get("ort_batch64_ms").asDouble() > 0, m.toString());
            assertTrue(m.get("ort_vs_engine_max_abs_diff").asDouble() <= 1e-4, m.toString());
            assertTrue(m.get("ort_vs_engine_top1_agreement").asDouble() >= 0.99, m.toString());
            assertEquals(100, m.get("compared_images").asInt());
        }
        assertTrue(r.get("threads").asInt() > 0);
        assertTrue(r.get("train_epoch_ms").asLong() > 0);
        assertTrue(Files.isRegularFile(dir.resolve("work/after/model.onnx")));
    }

    @Test
    void shouldRefuseAMacsReductionOutsideZeroToOneInOneLine() {
        int code = run("--model", RESNET_SMALL.toString(), "--data", "sample", "--macs-reduction", "1.5");

        assertEquals(CoreCli.EXIT_BAD_INPUT, code);
        assertEquals(
                "error: --macs-reduction must be in (0, 1), got 1.5",
                err.toString().strip());
    }

    /**
     * A CIFAR-10 binary layout ({@code data_batch_1.bin}, {@code test_batch.bin}) of 32x32 RGB images: each class
     * its own colour per channel and quadrant, plus noise, so a small network separates them in one epoch.
     */
    static Path cifarLayout(Path folder, int train, int test) throws IOException {
        Files.createDirectories(folder);
        Random rnd = new Random(7);
        int[][] colours = new int[CLASSES][3 * 4];
        for (int[] c : colours) {
            for (int i = 0; i < c.length; i++) {
                c[i] = 30 + rnd.nextInt(196);
            }
        }
        Files.write(folder.resolve("data_batch_1.bin"), records(train, colours, rnd));
        Files.write(folder.resolve("test_batch.bin"), records(test, colours, rnd));
        return folder;
    }

    private static byte[] records(int count, int[][] colours, Random rnd) {
        int side = 32;
        byte[] bytes = new byte[count * (1 + 3 * side * side)];
        int p = 0;
        for (int n = 0; n < count; n++) {
            int label = n % CLASSES;
            bytes[p++] = (byte) label;
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int quadrant = (y / 16) * 2 + x / 16;
                        int v = colours[label][ch * 4 + quadrant] + rnd.nextInt(41) - 20;
                        bytes[p++] = (byte) Math.max(0, Math.min(255, v));
                    }
                }
            }
        }
        return bytes;
    }
}
