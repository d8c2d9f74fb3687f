package dev.pruneline.core.cli;

import dev.pruneline.core.bundle.BundleException;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.OnnxInterface;
import dev.pruneline.core.onnx.OnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export --model DIR --format onnx --out FILE}: a bundle as a file another runtime serves. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write a bundle (model.json or ONNX, pruned or not) as an ONNX model for any ONNX runtime.")
public final class ExportCommand implements Callable<Integer> {
    /** The formats {@code --format} takes. */
    enum Format {
        onnx
    }

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            description = "bundle: a folder or zip with model.json + weights.safetensors or with model.onnx,"
                    + " or an .onnx file")
    Path model;

    @Option(names = "--format", defaultValue = "onnx", description = "output format: ${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = "--out", required = true, description = "file to write")
    Path out;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        ModelBundle bundle = ModelBundle.load(model);
        byte[] bytes = OnnxExport.toBytes(bundle);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(out, bytes);
        } catch (IOException e) {
            throw new BundleException("cannot write " + out + ": " + e.getMessage(), e);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("out", out.toString());
        o.put("format", format.name());
        o.put("bytes", bytes.length);
        o.put(
                "input",
                (bundle.spec().onnx() == null
                                ? OnnxInterface.DEFAULT
                                : bundle.spec().onnx())
                        .inputName());
        if (json) {
            Json.print(spec.commandLine().getOut(), o);
        } else {
            spec.commandLine().getOut().println(o);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
