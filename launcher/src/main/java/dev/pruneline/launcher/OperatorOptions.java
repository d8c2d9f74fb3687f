package dev.pruneline.launcher;

import dev.pruneline.launcher.stack.StackState;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What {@code promote} and {@code rollback} share: the model, the reason, the registry and the operator's password
 * (from {@code --password-file} or the environment, never from the command line, where {@code ps} would show it).
 */
final class OperatorOptions {

    /** The environment variable the registry and these commands read the operator password from. */
    static final String PASSWORD_ENV = "PRUNELINE_REGISTRY_OPERATOR_PASSWORD";

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--reason", required = true, description = "why; kept in the registry's production history")
    String reason;

    @Option(
            names = "--if-production",
            paramLabel = "VERSION",
            description = "change only if this version is production now (safe to retry)")
    String expectedVersion;

    @Option(names = "--registry", description = "registry-service URL (default: the stack of ./pruneline up)")
    URI registry;

    @Option(
            names = "--password-file",
            description = "file holding the operator password (default: env " + PASSWORD_ENV + ")")
    Path passwordFile;

    URI registry(CommandSpec spec) {
        if (registry != null) {
            return registry;
        }
        return URI.create(StackState.read(Home.stateFile())
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(), "no stack is up: give --registry, or run ./pruneline up"))
                .registryUrl());
    }

    String password(CommandSpec spec) {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile).strip();
            } catch (IOException e) {
                throw new ParameterException(
                        spec.commandLine(), "cannot read --password-file " + passwordFile + ": " + e.getMessage());
            }
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.isBlank()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "changing production needs the operator password: set " + PASSWORD_ENV
                            + " or give --password-file");
        }
        return password.strip(); // as the registry reads it: Quarkus trims configured passwords
    }
}
