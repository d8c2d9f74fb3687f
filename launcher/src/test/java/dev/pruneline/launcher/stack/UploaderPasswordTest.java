package dev.pruneline.launcher.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploaderPasswordTest {

    @Test
    void shouldMakeUpLongUnguessablePasswords() {
        String one = UploaderPassword.generate();
        assertEquals(32, one.length(), one);
        assertTrue(one.matches("[A-Za-z0-9_-]+"), one);
        assertNotEquals(one, UploaderPassword.generate());
    }

    @Test
    void shouldKeepThePasswordInAFileOnlyItsOwnerReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stack/uploader-password");
        UploaderPassword.write(file, "s3cret");
        assertEquals(Optional.of("s3cret"), UploaderPassword.read(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        UploaderPassword.write(file, "other");
        assertEquals(Optional.of("other"), UploaderPassword.read(file));
        assertEquals(Optional.empty(), UploaderPassword.read(dir.resolve("missing")));
    }

    @Test
    void shouldNotPrintThePasswordWithTheSettings(@TempDir Path dir) {
        StackSettings settings = new StackSettings(dir, dir, 0, 0, java.util.Map.of(), "do-not-print");
        assertTrue(!settings.toString().contains("do-not-print"), settings.toString());
    }
}
