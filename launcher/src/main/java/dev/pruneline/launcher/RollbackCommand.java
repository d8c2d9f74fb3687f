package dev.pruneline.launcher;

import dev.pruneline.launcher.client.PipelineClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollback}: an operator returns production to the release the newest change replaced. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Return the model's production to the release the last change replaced (registry operators).")
public class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorOptions operator;

    @Override
    public Integer call() {
        PipelineClient client = PipelineClient.forRegistry(operator.registry(spec));
        return ProductionChanges.print(
                spec,
                () -> client.rollback(
                        operator.model, operator.reason, operator.expectedVersion, operator.password(spec)));
    }
}
