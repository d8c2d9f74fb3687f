package dev.pruneline.core.cli;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.data.DataFolder;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.train.TrainingLoop;
import dev.pruneline.core.train.TrainingOptions;
import dev.pruneline.core.train.TrainingOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code engine-bench}: the price of the conv-backward workaround. Trains one epoch of each model
 * from the same initial weights with libtorch's oneDNN on and off, alternating (on, off, on, off,
 * ...) so drifting load hits both alike, and prints the median epoch time of each mode.
 */
@Command(name = "engine-bench", mixinStandardHelpOptions = true,
        description = "Time one training epoch per model with oneDNN on and off (alternating); print the table.")
public final class EngineBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "sample", description = "data folder, or 'sample' (default)")
    String data;

    @Option(names = "--models", split = ",", defaultValue = "lenet5,lenet5-3-8,vgg-small",
            description = "architectures; lenet5-A-B is LeNet-5 with A and B conv channels (default ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--repeats", defaultValue = "3",
            description = "epochs per mode and model (default ${DEFAULT-VALUE})")
    int repeats;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (repeats < 1) {
            throw new ParameterException(spec.commandLine(), "--repeats must be at least 1");
        }
        List<ModelSpec> specs = models.stream().map(EngineBenchCommand::architecture).toList();
        DataSplits splits = DataFolder.load(SampleData.resolve(data));
        EngineMode chosen = EngineSetup.prepareForTraining();
        List<String> rows = new ArrayList<>();
        try {
            for (int m = 0; m < specs.size(); m++) {
                long[][] millis = new long[2][repeats];
                int batches = 0;
                for (int r = 0; r < repeats; r++) {
                    for (int mode = 0; mode < 2; mode++) {
                        EngineSetup.switchOneDnn(mode == 0, "engine-bench");
                        try (LoadedModel model = LoadedModel.initialise(specs.get(m), 1)) {
                            TrainingOutcome o = TrainingLoop.train(model, splits,
                                    TrainingOptions.builder().epochs(1).build());
                            millis[mode][r] = o.epochs().get(0).millis();
                            batches = o.epochs().get(0).batches();
                        }
                        err.printf(Locale.ROOT, "%s oneDNN %s: %d ms%n", models.get(m), mode == 0 ? "on" : "off",
                                millis[mode][r]);
                    }
                }
                long on = median(millis[0]);
                long off = median(millis[1]);
                rows.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2fx |", models.get(m), batches, on, off,
                        (double) off / on));
            }
        } finally {
            EngineSetup.switchOneDnn(chosen.onednnEnabled(), chosen.reason());
        }
        out.printf(Locale.ROOT, "engine: %s, intra-op threads %d, %d CPUs visible, OMP_WAIT_POLICY=%s, mode: %s%n",
                chosen.engineVersion(), chosen.threads(), Runtime.getRuntime().availableProcessors(),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"), chosen.label());
        out.printf("median of %d epochs per mode (batches of 64, Adam, from the same initial weights)%n", repeats);
        out.println("| model | batches | epoch ms oneDNN on | epoch ms oneDNN off | off / on |");
        out.println("|---|---|---|---|---|");
        rows.forEach(out::println);
        out.flush();
        return 0;
    }

    private static ModelSpec architecture(String name) {
        String[] lenet = name.split("-");
        if (lenet.length == 3 && lenet[0].equals("lenet5")) {
            try {
                return Architectures.lenet5(Integer.parseInt(lenet[1]), Integer.parseInt(lenet[2]));
            } catch (NumberFormatException e) {
                throw new CompressionException("bad LeNet-5 widths in '" + name + "'");
            }
        }
        return Architectures.byName(name);
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
    }
}
