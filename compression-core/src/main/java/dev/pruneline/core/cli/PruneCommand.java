package dev.pruneline.core.cli;

import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prune --model DIR --data DIR --criterion magnitude --granularity weight --sparsity 0.8 --out DIR}. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Prune a bundle to a target sparsity.")
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "bundle folder or zip")
    Path model;

    @Option(names = "--data", required = true, description = "data folder, or 'sample'")
    String data;

    @Option(names = "--criterion", defaultValue = "magnitude", description = "criterion (default ${DEFAULT-VALUE})")
    String criterion;

    @Option(names = "--granularity", defaultValue = "weight", description = "weight or channel (default ${DEFAULT-VALUE})")
    String granularity;

    @Option(names = "--sparsity", required = true, description = "share of conv/linear weights to remove, in [0, 1)")
    double sparsity;

    @Option(names = "--param", description = "criterion parameter KEY=VALUE (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "output bundle folder")
    Path out;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        PruneResult r = CompressionJobs.prune(new PruneRequest(model, SampleData.resolve(data), out, criterion,
                granularity, sparsity, params, seed));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("baseline", Json.metrics(r.baseline()));
            o.put("pruned", Json.metrics(r.pruned()));
            o.put("bundle", r.bundleDir().toString());
            o.put("report", r.reportFile().toString());
            o.put("engine_mode", r.engineMode());
            Json.print(spec.commandLine().getOut(), o);
        } else {
            spec.commandLine().getOut().printf("accuracy %.4f -> %.4f, sparsity %.3f; bundle %s%n",
                    r.baseline().accuracy(), r.pruned().accuracy(), r.pruned().sparsity(), r.bundleDir());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
