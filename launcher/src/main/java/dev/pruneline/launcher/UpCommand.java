package dev.pruneline.launcher;

import dev.pruneline.launcher.stack.Stack;
import dev.pruneline.launcher.stack.StackState;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Starts the local stack in the background and returns once it is ready. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start Kafka, S3 and the four services in the background; print their addresses.")
public class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stackOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path stateFile = Home.stateFile();
        Optional<StackState> previous = StackState.read(stateFile);
        if (previous.isPresent()
                && ProcessHandle.of(previous.get().pid())
                        .map(ProcessHandle::isAlive)
                        .orElse(false)) {
            out.println("already up (pid " + previous.get().pid() + "): ingest "
                    + previous.get().ingestUrl() + ", registry "
                    + previous.get().registryUrl() + ", console "
                    + Stack.consoleUrl(previous.get().registryUrl()));
            return 0;
        }
        // A stack whose launcher died (killed, out of memory) may have left its services running: stop them.
        previous.ifPresent(stale -> stale.services().forEach(s -> DownCommand.stop(s.pid())));
        Files.deleteIfExists(stateFile);
        Path work = stateFile.getParent();
        Files.createDirectories(work.resolve("logs"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpruneline.home=" + Home.root(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                StackRunCommand.NAME,
                "--ingest-port",
                Integer.toString(stackOptions.ingestPort),
                "--registry-port",
                Integer.toString(stackOptions.registryPort)));
        if (stackOptions.postgresUrl != null) {
            command.addAll(
                    List.of("--postgres-url", stackOptions.postgresUrl, "--postgres-user", stackOptions.postgresUser));
        }
        File log = work.resolve("logs/stack.log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // The password travels in the environment, not on a command line that `ps` shows.
        builder.environment().put("PRUNELINE_REGISTRY_PG_PASSWORD", stackOptions.postgresPassword);
        Process process = builder.start();
        out.println("starting the stack in the background (pid " + process.pid() + ", log " + log + ")");
        out.flush();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            Optional<StackState> state = StackState.read(stateFile);
            if (state.isPresent()) {
                print(out, state.get());
                return 0;
            }
            if (!process.isAlive()) {
                out.println("the stack failed to start; see " + log);
                return 1;
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        out.println("the stack was not ready within 5 minutes; see " + log);
        return 1;
    }

    static void print(PrintWriter out, StackState state) {
        out.println("pruneline is up (pid " + state.pid() + ")");
        out.println("  ingest    " + state.ingestUrl());
        out.println("  registry  " + state.registryUrl());
        out.println("  console   " + Stack.consoleUrl(state.registryUrl()) + "  (the registry's web console)");
        state.services().forEach(s -> out.printf("  %-16s %s (pid %d)%n", s.name(), s.url(), s.pid()));
        state.infrastructure().forEach((k, v) -> {
            if (!k.contains("secret")) {
                out.printf("  %s=%s%n", k, v);
            }
        });
        out.println("  logs      " + state.logDir());
        out.println("  uploads need the uploader password in " + Home.uploaderPasswordFile()
                + " (./pruneline release sends it)");
        out.println("stop with ./pruneline down");
        out.flush();
    }
}
