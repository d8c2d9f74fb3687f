package dev.pruneline.core.measure;

import dev.pruneline.core.CompressionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch as the speed reference of the engine benchmark: runs {@code tools/torch-reference/epoch_time.py}
 * under a Python that imports {@code torch} (Debian's {@code python3-torch}) and reads its result
 * lines. A benchmark aid only: nothing in pruneline needs Python to run.
 *
 * <p>Settings: {@code pruneline.bench.python} (default {@code /usr/bin/python3} where it exists, else
 * {@code python3}); the script is looked up under {@code pruneline.home} and the working directory.
 */
public final class TorchReference {
    private static final String SCRIPT = "tools/torch-reference/epoch_time.py";
    private static final long TIMEOUT_MINUTES = 60;

    private TorchReference() {}

    /**
     * One model's numbers from PyTorch.
     *
     * @param model network name
     * @param threads intra-op threads
     * @param batches batches per timed epoch
     * @param epochMillis median epoch time
     * @param latency64Millis median batch-64 eval forward time
     * @param torchVersion PyTorch's version string
     */
    public record Timing(
            String model, int threads, int batches, long epochMillis, double latency64Millis, String torchVersion) {}

    /** Why the reference cannot run here, or empty when it can. */
    public static Optional<String> unavailable() {
        return unavailable(SCRIPT);
    }

    /** Why {@code relative} (a script under the repository) cannot run under a Python with torch, or empty. */
    static Optional<String> unavailable(String relative) {
        Optional<Path> script = script(relative);
        if (script.isEmpty()) {
            return Optional.of(relative + " not found (set pruneline.home to the repository)");
        }
        try {
            Process p = new ProcessBuilder(python(), "-c", "import torch")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                return Optional.of(python() + " cannot import torch (apt install python3-torch)");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(python() + " not found");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * Times {@code model} ({@code lenet5}, {@code vgg-small} or {@code resnet8}, with optional conv
     * {@code widths}) on the IDX folder {@code data}.
     *
     * @param maxBatches batches per epoch, 0 for a full epoch
     */
    public static Timing measure(Path data, String model, int[] widths, int threads, int maxBatches, int repeats) {
        List<String> cmd = new ArrayList<>(List.of(
                python(),
                script().orElseThrow().toString(),
                "--data",
                data.toString(),
                "--models",
                model,
                "--threads",
                Integer.toString(threads),
                "--epochs-repeats",
                Integer.toString(repeats),
                "--max-batches",
                Integer.toString(maxBatches)));
        if (widths != null) {
            StringBuilder w = new StringBuilder(model).append('=');
            for (int i = 0; i < widths.length; i++) {
                w.append(i == 0 ? "" : ",").append(widths[i]);
            }
            cmd.addAll(List.of("--widths", w.toString()));
        }
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new CompressionException(
                        "the PyTorch reference failed for " + model + ": " + String.join(" ", cmd));
            }
            return parseLine(out.strip());
        } catch (IOException e) {
            throw new CompressionException("cannot run the PyTorch reference: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompressionException("interrupted while running the PyTorch reference", e);
        }
    }

    /** The timing with the median epoch time of {@code timings} (one per repeat), latency likewise. */
    public static Timing median(List<Timing> timings) {
        long[] epochs = timings.stream().mapToLong(Timing::epochMillis).sorted().toArray();
        double[] latencies =
                timings.stream().mapToDouble(Timing::latency64Millis).sorted().toArray();
        int n = epochs.length;
        Timing first = timings.get(0);
        return new Timing(
                first.model(),
                first.threads(),
                first.batches(),
                (epochs[(n - 1) / 2] + epochs[n / 2]) / 2,
                (latencies[(n - 1) / 2] + latencies[n / 2]) / 2,
                first.torchVersion());
    }

    /** Parses one result line: {@code model=.. threads=.. batches=.. epoch_ms=.. latency64_ms=.. torch=..}. */
    public static Timing parseLine(String line) {
        Map<String, String> kv = new HashMap<>();
        for (String field : line.split("\\s+")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                kv.put(field.substring(0, eq), field.substring(eq + 1));
            }
        }
        try {
            return new Timing(
                    kv.get("model"),
                    Integer.parseInt(kv.get("threads")),
                    Integer.parseInt(kv.get("batches")),
                    Long.parseLong(kv.get("epoch_ms")),
                    Double.parseDouble(kv.get("latency64_ms")),
                    kv.get("torch"));
        } catch (RuntimeException e) {
            throw new CompressionException("unexpected output from the PyTorch reference: '" + line + "'", e);
        }
    }

    static String python() {
        String configured = System.getProperty("pruneline.bench.python");
        if (configured != null) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static Optional<Path> script() {
        return script(SCRIPT);
    }

    /** {@code relative} under {@code pruneline.home}, the working directory or its parent, whichever has it. */
    static Optional<Path> script(String relative) {
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("pruneline.home");
        if (home != null) {
            roots.add(Path.of(home));
        }
        Path cwd = Path.of("").toAbsolutePath();
        roots.add(cwd);
        if (cwd.getParent() != null) {
            roots.add(cwd.getParent());
        }
        return roots.stream()
                .map(r -> r.resolve(relative))
                .filter(Files::isRegularFile)
                .findFirst();
    }
}
