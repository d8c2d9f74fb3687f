package dev.pruneline.launcher;

import java.nio.file.Path;

/** Where the launcher finds the built modules and keeps its run folders. */
final class Home {
    private Home() {}

    /** The repository root: {@code -Dpruneline.home}, set by the {@code ./pruneline} script, else the current folder. */
    static Path root() {
        return Path.of(System.getProperty("pruneline.home", "."))
                .toAbsolutePath()
                .normalize();
    }

    /** Run folders (logs, data of local stacks): {@code <root>/.pruneline}. */
    static Path runDir() {
        return root().resolve(".pruneline");
    }

    /** The state file of the stack {@code up} started. */
    static Path stateFile() {
        return runDir().resolve("stack/state.json");
    }

    /** The uploader password of the stack {@code up} started (readable by its owner only), for {@code release}. */
    static Path uploaderPasswordFile() {
        return runDir().resolve("stack/uploader-password");
    }
}
