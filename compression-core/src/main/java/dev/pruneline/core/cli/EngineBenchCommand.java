package dev.pruneline.core.cli;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.DataFolder;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.engine.ActivationLayout;
import dev.pruneline.core.engine.ConvKernelCheck;
import dev.pruneline.core.engine.ConvPath;
import dev.pruneline.core.engine.ConvSignature;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.engine.GradientLock;
import dev.pruneline.core.measure.LatencyProbe;
import dev.pruneline.core.measure.TorchReference;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.train.TrainingDivergedException;
import dev.pruneline.core.train.TrainingLoop;
import dev.pruneline.core.train.TrainingOptions;
import dev.pruneline.core.train.TrainingOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code engine-bench}: each convolution path side by side with PyTorch. Per network and thread
 * count it prints, for every path, whether the path computes right on this CPU (every conv shape
 * of the network checked against the reference path), the training-epoch time from fixed initial
 * weights and the batch-64 inference latency, next to Debian's PyTorch on the same data, network and
 * thread count where {@code python3 -c "import torch"} works.
 */
@Command(
        name = "engine-bench",
        mixinStandardHelpOptions = true,
        description = "Time each convolution path (epoch and batch-64 latency) against PyTorch; print the table.")
public final class EngineBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "sample", description = "IDX data folder, or 'sample' (default)")
    String data;

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "lenet5,vgg-small,resnet8,vgg-small-25-28-34-41",
            description = "networks; lenet5-A-B and vgg-small-A-B-C-D set the conv widths (default ${DEFAULT-VALUE})")
    List<String> models;

    @Option(
            names = "--paths",
            split = ",",
            defaultValue = "onednn-aligned,onednn-unaligned,reference",
            description = "convolution paths (default ${DEFAULT-VALUE})")
    List<String> paths;

    @Option(
            names = "--threads",
            split = ",",
            description = "intra-op thread counts (default: 1 and the available processors)")
    List<Integer> threads;

    @Option(names = "--repeats", defaultValue = "1", description = "epochs per path, median reported (default 1)")
    int repeats;

    @Option(names = "--batches", defaultValue = "0", description = "batches per epoch, 0 = full epoch (default 0)")
    int batches;

    @Option(names = "--no-pytorch", description = "skip the PyTorch columns")
    boolean noPytorch;

    private int measuredBatches;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (repeats < 1) {
            throw new ParameterException(spec.commandLine(), "--repeats must be at least 1");
        }
        if (batches < 0) {
            throw new ParameterException(spec.commandLine(), "--batches must be 0 (full epoch) or more");
        }
        List<Network> networks = models.stream().map(Network::parse).toList();
        List<ConvPath> pathList = paths.stream().map(this::path).toList();
        List<Integer> threadList = threadCounts();
        Path dataDir = SampleData.resolve(data);
        DataSplits splits = DataFolder.load(dataDir);
        Optional<String> noTorch = noPytorch ? Optional.of("skipped (--no-pytorch)") : TorchReference.unavailable();
        noTorch.ifPresent(why -> err.println("PyTorch reference: " + why + "; its columns stay empty"));
        EngineMode saved = EngineSetup.current();
        List<String> rows = new ArrayList<>();
        try {
            for (Network n : networks) {
                for (int t : threadList) {
                    EngineSetup.useThreads(t);
                    rows.addAll(rows(n, t, pathList, splits, noTorch.isEmpty() ? dataDir : null, err));
                }
            }
        } finally {
            EngineSetup.restore(saved);
        }
        out.printf(
                Locale.ROOT,
                "CPU: %s; %d CPUs visible; engine %s; OMP_WAIT_POLICY=%s; GOMP_SPINCOUNT=%s;"
                        + " default path here: %s%n",
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                saved.engineVersion(),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"),
                System.getenv().getOrDefault("GOMP_SPINCOUNT", "(unset)"),
                saved.label());
        out.printf(
                Locale.ROOT,
                "one epoch = %d batches of 64 (Adam 1e-3, fixed initial weights), median of %d;"
                        + " batch-64 latency: median of %d forward passes; PyTorch: %s%n",
                measuredBatches,
                repeats,
                LatencyProbe.REPEATS,
                noTorch.orElse("tools/torch-reference/epoch_time.py"));
        out.println("| model | threads | path | correct here | epoch ms | batch-64 ms | PyTorch epoch ms"
                + " | PyTorch batch-64 ms | epoch / PyTorch |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(out::println);
        out.flush();
        return 0;
    }

    /** A path's measurements on one network and thread count. */
    private static final class PathRun {
        final String correct;
        final long[] millis;
        ModelBundle trained;
        String diverged;

        PathRun(String correct, int repeats) {
            this.correct = correct;
            this.millis = new long[repeats];
        }
    }

    /**
     * The rows of one network at one thread count: each path is checked and warmed up (3 batches),
     * then the timed epochs run interleaved with PyTorch's (PyTorch, path A, B, C, PyTorch, A, ...) so
     * that drifting load hits every side alike; the latency is measured on the last trained weights.
     */
    private List<String> rows(
            Network n, int t, List<ConvPath> pathList, DataSplits splits, Path torchData, PrintWriter err) {
        Map<ConvPath, PathRun> runs = new LinkedHashMap<>();
        List<TorchReference.Timing> torch = new ArrayList<>();
        for (ConvPath p : pathList) {
            EngineSetup.usePath(p, "engine-bench");
            PathRun run = new PathRun(correctness(n.spec, p), repeats);
            runs.put(p, run);
            epoch(n, run, splits, 3);
        }
        for (int r = 0; r < repeats; r++) {
            if (torchData != null && n.pytorchKnows()) {
                torch.add(TorchReference.measure(torchData, n.base, n.widths, t, batches, 1));
            }
            for (Map.Entry<ConvPath, PathRun> e : runs.entrySet()) {
                if (e.getValue().diverged == null) {
                    EngineSetup.usePath(e.getKey(), "engine-bench");
                    e.getValue().millis[r] = epoch(n, e.getValue(), splits, batches);
                }
            }
        }
        TorchReference.Timing reference = torch.isEmpty() ? null : TorchReference.median(torch);
        List<String> out = new ArrayList<>();
        for (Map.Entry<ConvPath, PathRun> e : runs.entrySet()) {
            ConvPath p = e.getKey();
            PathRun run = e.getValue();
            if (run.diverged != null) {
                err.printf(Locale.ROOT, "%s, %d thread(s), %s: %s%n", n.name, t, p.label(), run.diverged);
                out.add(String.format(
                        Locale.ROOT,
                        "| %s | %d | %s | %s | diverged | | %s |",
                        n.name,
                        t,
                        p.label(),
                        run.correct,
                        torchColumns(reference, null)));
                continue;
            }
            EngineSetup.usePath(p, "engine-bench");
            long epoch = median(run.millis);
            double latency = LatencyProbe.measure(run.trained, 64).medianMillis();
            err.printf(
                    Locale.ROOT,
                    "%s, %d thread(s), %s: epoch %d ms, batch-64 %.2f ms, %s%n",
                    n.name,
                    t,
                    p.label(),
                    epoch,
                    latency,
                    run.correct);
            out.add(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %d | %.2f | %s |",
                    n.name,
                    t,
                    p.label(),
                    run.correct,
                    epoch,
                    latency,
                    torchColumns(reference, epoch)));
        }
        return out;
    }

    /** Trains one epoch of {@code maxBatches} (0: all) from fixed weights; its time, or 0 if it diverged. */
    private long epoch(Network n, PathRun run, DataSplits splits, int maxBatches) {
        try (LoadedModel model = LoadedModel.initialise(n.spec, 1)) {
            TrainingOutcome o = TrainingLoop.train(
                    model,
                    splits,
                    TrainingOptions.builder()
                            .epochs(1)
                            .maxBatchesPerEpoch(maxBatches)
                            .build());
            if (maxBatches == batches) {
                measuredBatches = o.epochs().get(0).batches();
            }
            run.trained = model.toBundle(n.spec);
            return o.epochs().get(0).millis();
        } catch (TrainingDivergedException e) {
            run.diverged = e.getMessage();
            return 0;
        }
    }

    private static String torchColumns(TorchReference.Timing torch, Long epoch) {
        if (torch == null) {
            return " | | ";
        }
        return String.format(
                Locale.ROOT,
                "%d | %.2f | %s",
                torch.epochMillis(),
                torch.latency64Millis(),
                epoch == null ? "" : String.format(Locale.ROOT, "%.2fx", (double) epoch / torch.epochMillis()));
    }

    /** "yes" when every conv shape of the network agrees with the reference path on {@code p}. */
    private static String correctness(ModelSpec spec, ConvPath p) {
        if (p == ConvPath.REFERENCE) {
            return "reference";
        }
        List<ConvSignature> shapes = new ArrayList<>(new LinkedHashSet<>(LoadedModel.convShapes(spec)));
        ConvKernelCheck.Kernel kernel = p == ConvPath.ONEDNN_ALIGNED
                ? ConvKernelCheck.aligned(ActivationLayout.forConvolutions(shapes))
                : ConvKernelCheck.UNALIGNED;
        long wrong = GradientLock.with(() -> shapes.stream()
                .filter(s -> !ConvKernelCheck.check(s, kernel).passed())
                .count());
        return wrong == 0 ? "yes" : "NO (" + wrong + " of " + shapes.size() + " conv shapes wrong)";
    }

    private ConvPath path(String label) {
        try {
            return ConvPath.byLabel(label.trim());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    e.getMessage() + " (known: "
                            + String.join(
                                    ", ",
                                    Stream.of(ConvPath.values())
                                            .map(ConvPath::label)
                                            .toList()) + ")");
        }
    }

    private List<Integer> threadCounts() {
        if (threads == null || threads.isEmpty()) {
            return List.copyOf(new LinkedHashSet<>(List.of(1, EngineSetup.defaultThreads())));
        }
        if (threads.stream().anyMatch(t -> t < 1)) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        return threads;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            List<String> info = lines.filter(l -> l.startsWith("model name") || l.startsWith("cpu family"))
                    .limit(2)
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .toList();
            return info.size() == 2 ? info.get(1) + " (cpu family " + info.get(0) + ")" : String.join(" ", info);
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
    }

    /** A network of the table: a known architecture, optionally at other conv widths. */
    private record Network(String name, String base, int[] widths, ModelSpec spec) {
        static Network parse(String name) {
            for (String base : List.of("vgg-small", "lenet5")) {
                if (name.startsWith(base + "-")) {
                    int[] w = widths(name, name.substring(base.length() + 1));
                    ModelSpec s = base.equals("lenet5") ? lenet5(name, w) : Architectures.vggSmall(w);
                    return new Network(name, base, w, s);
                }
            }
            return new Network(name, name, null, Architectures.byName(name));
        }

        boolean pytorchKnows() {
            return List.of("lenet5", "vgg-small", "resnet8").contains(base);
        }

        private static ModelSpec lenet5(String name, int[] w) {
            if (w.length != 2) {
                throw new CompressionException("bad LeNet-5 widths in '" + name + "': give two");
            }
            return Architectures.lenet5(w[0], w[1]);
        }

        private static int[] widths(String name, String list) {
            try {
                return Arrays.stream(list.split("-"))
                        .mapToInt(Integer::parseInt)
                        .toArray();
            } catch (NumberFormatException e) {
                throw new CompressionException("bad widths in '" + name + "'");
            }
        }
    }
}
