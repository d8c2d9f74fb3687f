package dev.pruneline.core.cli;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.plan.SensitivityAnalysis;
import dev.pruneline.core.plan.SensitivityCurve;
import dev.pruneline.core.plan.SensitivityPoint;
import dev.pruneline.core.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sensitivity --model DIR --data DIR [--criterion C] [--granularity G] [--plot FILE.svg] [--json]}. */
@Command(
        name = "sensitivity",
        mixinStandardHelpOptions = true,
        description = "Prune each layer/group alone at rising ratios and print validation accuracy curves.")
public final class SensitivityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BundleOptions bundle;

    @Option(names = "--criterion", defaultValue = "magnitude", description = "criterion (default ${DEFAULT-VALUE})")
    String criterion;

    @Option(
            names = "--granularity",
            defaultValue = "channel",
            description = "weight or channel (default ${DEFAULT-VALUE})")
    String granularity;

    @Option(names = "--ratios", split = ",", description = "ratios (default 0.1,0.2,...,0.9)")
    double[] ratios = SensitivityAnalysis.DEFAULT_RATIOS;

    @Option(names = "--param", description = "criterion parameter KEY=VALUE (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--plot", description = "write the curves as an SVG file")
    Path plot;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        if (plot != null && !plot.toString().endsWith(".svg")) {
            throw new CompressionException("--plot writes SVG: give a file name ending in .svg, got " + plot);
        }
        List<SensitivityCurve> curves = CompressionJobs.sensitivity(
                bundle.model,
                bundle.dataDir(),
                criterion,
                granularity,
                params,
                ratios,
                ProgressPrinter.sensitivity(spec.commandLine().getErr()));
        if (plot != null) {
            try {
                Files.writeString(
                        plot, HtmlReport.sensitivitySvg(curves, "sensitivity of " + bundle.model.getFileName()));
            } catch (IOException e) {
                throw new CompressionException("cannot write " + plot + ": " + e.getMessage(), e);
            }
        }
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (SensitivityCurve c : curves) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("unit", c.unit());
                o.put("size", c.size());
                o.put("baseline", c.baseline());
                o.put("points", c.points());
                out.add(o);
            }
            Json.print(
                    spec.commandLine().getOut(),
                    Map.of("criterion", criterion, "granularity", granularity, "curves", out));
        } else {
            for (SensitivityCurve c : curves) {
                StringBuilder sb = new StringBuilder(String.format("%-12s", c.unit()));
                for (SensitivityPoint p : c.points()) {
                    sb.append(String.format(" %.2f:%.4f", p.ratio(), p.accuracy()));
                }
                spec.commandLine().getOut().println(sb);
            }
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
