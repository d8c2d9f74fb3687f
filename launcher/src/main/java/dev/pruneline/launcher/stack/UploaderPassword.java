package dev.pruneline.launcher.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The password of ingest-service's uploader (HTTP Basic, user {@value #USER}), which every upload needs: read from
 * {@value #ENV}, or made up for a local stack, which then keeps it in a file only its owner can read, for
 * {@code ./pruneline release}.
 */
public final class UploaderPassword {

    /** The environment variable that ingest-service and {@code ./pruneline release} read the password from. */
    public static final String ENV = "PRUNELINE_INGEST_UPLOADER_PASSWORD";
    /** ingest-service's config key. */
    public static final String KEY = "pruneline.ingest.uploader.password";
    /** The user name of uploads. */
    public static final String USER = "uploader";

    private static final SecureRandom RANDOM = new SecureRandom();

    private UploaderPassword() {}

    /** {@value #ENV} if set, else a fresh random password (32 characters, 192 bits). */
    public static String fromEnvironmentOrNew() {
        return fromEnvironment().orElseGet(UploaderPassword::generate);
    }

    /** {@value #ENV}, stripped, if set and not blank. */
    public static Optional<String> fromEnvironment() {
        return Optional.ofNullable(System.getenv(ENV)).map(String::strip).filter(p -> !p.isEmpty());
    }

    /** A fresh random password. */
    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes the password to {@code file}, readable by its owner only (where the file system has POSIX modes). */
    public static void write(Path file, String password) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(partial);
            }
            Files.writeString(partial, password, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The password in {@code file}, stripped, if the file exists. */
    public static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
