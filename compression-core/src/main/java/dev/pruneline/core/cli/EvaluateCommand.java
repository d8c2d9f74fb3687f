package dev.pruneline.core.cli;

import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.Measurement;
import dev.pruneline.core.measure.BundleMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate --model DIR --data DIR [--latency] [--json]}: test-split accuracy and cost of a bundle. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Measure a bundle: test accuracy, parameters, non-zeros, MACs, energy, size, latency.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BundleOptions bundle;

    @Option(names = "--latency", description = "also measure forward latency at batch 1 and 64 (median of repeats)")
    boolean latency;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        Measurement r = CompressionJobs.measure(bundle.model, bundle.dataDir(), latency);
        BundleMetrics m = r.metrics();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("accuracy", m.accuracy());
        o.put("parameters", m.parameters());
        o.put("nonzero_parameters", m.nonzeroParameters());
        o.put("macs", m.macs());
        o.put("nonzero_macs", m.nonzeroMacs());
        o.put("sparsity", m.sparsity());
        o.put("energy", m.energyMicrojoules());
        o.put("energy_unit", "uJ per image (Eyeriss-style estimate)");
        o.put("size_bytes", m.bundleBytes());
        o.put("engine_mode", EngineSetup.current().label());
        if (latency) {
            Map<String, Object> lat = new LinkedHashMap<>();
            r.latency().forEach((k, v) -> lat.put(k, v.medianMillis()));
            o.put("latency_ms", lat);
            o.put("latency_threads", r.latency().get("batch1").threads());
        }
        if (json) {
            Json.print(spec.commandLine().getOut(), o);
        } else {
            spec.commandLine().getOut().println(o);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
