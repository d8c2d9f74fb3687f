package dev.pruneline.launcher;

import dev.pruneline.launcher.stack.StackState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Stops what {@code up} started: the background stack, and any of its services left behind. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the stack started by up.")
public class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<StackState> state = StackState.read(Home.stateFile());
        if (state.isEmpty()) {
            out.println("nothing is up");
            return 0;
        }
        stop(state.get().pid());
        state.get().services().forEach(s -> stop(s.pid()));
        Files.deleteIfExists(Home.stateFile());
        Files.deleteIfExists(Home.uploaderPasswordFile());
        out.println("pruneline is down (logs kept in " + state.get().logDir() + ")");
        return 0;
    }

    /** Stops a process (SIGTERM), and kills it if it is still there after a minute. */
    static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }
}
