package dev.pruneline.launcher;

import java.net.URI;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What {@code promote} and {@code rollback} share: the model, the reason, the registry and the operator's password. */
final class OperatorOptions {

    /** The environment variable the registry and these commands read the operator password from. */
    static final String PASSWORD_ENV = OperatorAccess.PASSWORD_ENV;

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--reason", required = true, description = "why; kept in the registry's production history")
    String reason;

    @Option(
            names = "--if-production",
            paramLabel = "VERSION",
            description = "change only if this version is production now (safe to retry)")
    String expectedVersion;

    @Mixin
    OperatorAccess access;

    URI registry(CommandSpec spec) {
        return access.registry(spec);
    }

    String password(CommandSpec spec) {
        return access.password(spec);
    }
}
