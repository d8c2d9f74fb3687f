package dev.pruneline.launcher;

import dev.pruneline.launcher.client.PipelineClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promote}: an operator makes a decided version (promoted or rejected by the gate) production. */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description = "Make a version the model's production release, by hand (registry operators).")
public class PromoteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorOptions operator;

    @Option(names = "--version", required = true, description = "the version to put into production")
    String version;

    @Override
    public Integer call() {
        PipelineClient client = PipelineClient.forRegistry(operator.registry(spec));
        return ProductionChanges.print(
                spec,
                () -> client.promote(
                        operator.model, version, operator.reason, operator.expectedVersion, operator.password(spec)));
    }
}
