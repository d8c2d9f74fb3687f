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
 * The registry and the operator's password, for the operators' commands ({@code promote}, {@code rollback},
 * {@code retry}): the password from {@code --password-file} or the environment, never from the command line, where
 * {@code ps} would show it.
 */
final class OperatorAccess {

    /** The environment variable the registry and these commands read the operator password from. */
    static final String PASSWORD_ENV = "PRUNELINE_REGISTRY_OPERATOR_PASSWORD";

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
                    spec.name() + " needs the operator password: set " + PASSWORD_ENV + " or give --password-file");
        }
        return password.strip(); // as the registry reads it: Quarkus trims configured passwords
    }
}
