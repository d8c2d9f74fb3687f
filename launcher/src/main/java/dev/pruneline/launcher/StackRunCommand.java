package dev.pruneline.launcher;

import dev.pruneline.launcher.stack.Stack;
import dev.pruneline.launcher.stack.StackState;
import dev.pruneline.launcher.stack.UploaderPassword;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The background process behind {@code up}: runs the stack until it is told to stop (SIGTERM from {@code down}). */
@Command(name = StackRunCommand.NAME, hidden = true, description = "Run the stack in the foreground (used by up).")
public class StackRunCommand implements Callable<Integer> {

    static final String NAME = "stack-run";

    @Mixin
    StackOptions stackOptions;

    @Override
    public Integer call() throws Exception {
        Path stateFile = Home.stateFile();
        Path work = stateFile.getParent();
        AtomicReference<Stack> started = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before anything starts: a stop during start-up closes what was started so far.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                Stack stack = started.get();
                                if (stack != null) {
                                    stack.close();
                                }
                                Files.deleteIfExists(stateFile);
                                Files.deleteIfExists(Home.uploaderPasswordFile());
                            } catch (Exception e) {
                                System.err.println("stopping the stack: " + e.getMessage());
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "stack-stop"));
        Stack stack = Stack.start(stackOptions.settings(work), System.out::println, started::set);
        // Before the state file: once a stack is up, release finds its password.
        UploaderPassword.write(Home.uploaderPasswordFile(), stack.uploaderPassword());
        StackState.of(stack, work.resolve("logs")).write(stateFile);
        System.out.println("stack ready");
        stopped.await();
        return 0;
    }
}
