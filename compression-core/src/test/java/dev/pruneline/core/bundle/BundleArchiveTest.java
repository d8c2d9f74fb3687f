package dev.pruneline.core.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.TestModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRefuseABundleArchiveOfMoreEntriesThanABundleHolds() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i <= BundleArchive.MAX_BUNDLE_ENTRIES; i++) {
                zip.putNextEntry(new ZipEntry("f" + i));
                zip.closeEntry();
            }
        }
        Path dest = tmp.resolve("many");
        BundleException e = assertThrows(
                BundleException.class,
                () -> BundleArchive.extract(
                        new ByteArrayInputStream(bytes.toByteArray()),
                        dest,
                        1 << 20,
                        BundleArchive.MAX_BUNDLE_ENTRIES));
        assertEquals("archive holds more than 1000 entries; refusing to extract it", e.getMessage());
    }

    @Test
    void shouldZipDeterministicallyAndLoadTheArchive() throws Exception {
        Path dir = tmp.resolve("b");
        TestModels.lenet5().save(dir);
        BundleArchive.zip(dir, tmp.resolve("one.zip"));
        Files.setLastModifiedTime(dir.resolve("model.json"), java.nio.file.attribute.FileTime.fromMillis(0));
        BundleArchive.zip(dir, tmp.resolve("two.zip"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("one.zip")), Files.readAllBytes(tmp.resolve("two.zip")));
        assertEquals(61_706, BundleInspection.validate(tmp.resolve("one.zip")).parameters());
    }

    @Test
    void shouldZipTheSameBytesInEveryTimeZone() throws Exception {
        Path dir = tmp.resolve("tz");
        TestModels.lenet5().save(dir);
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
            BundleArchive.zip(dir, tmp.resolve("utc.zip"));
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati")); // UTC+14
            BundleArchive.zip(dir, tmp.resolve("kiritimati.zip"));
        } finally {
            java.util.TimeZone.setDefault(zone);
        }
        assertArrayEquals(
                Files.readAllBytes(tmp.resolve("utc.zip")), Files.readAllBytes(tmp.resolve("kiritimati.zip")));
    }

    @Test
    void shouldWriteMapsInKeyOrderWhateverTheirOwnOrder() throws Exception {
        // Map.of and Map.copyOf iterate in an order that changes from one JVM run to the next: what is written from
        // them must not follow it.
        ModelSpec spec = TestModels.lenet5().spec();
        LayerSpec conv = spec.layers().get(0);
        String json = new String(ModelJson.toBytes(spec), java.nio.charset.StandardCharsets.UTF_8);
        String layer = json.substring(json.indexOf("\"name\" : \"" + conv.name() + "\""));
        layer = layer.substring(0, layer.indexOf('}'));
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (String key : new java.util.TreeSet<>(conv.attributes().keySet())) {
            keys.add(key);
        }
        int last = -1;
        for (String key : keys) {
            int at = layer.indexOf("\"" + key + "\"");
            assertTrue(at > last, key + " out of order in " + layer);
            last = at;
        }
        assertEquals(
                java.util.List.of("a", "b", "c"),
                java.util.List.copyOf(new dev.pruneline.core.job.PruneRequest(
                                null,
                                null,
                                null,
                                "magnitude",
                                "weight",
                                0.5,
                                java.util.Map.of("c", "3", "a", "1", "b", "2"),
                                0)
                        .parameters()
                        .keySet()));
    }

    @Test
    void shouldRejectAnEntryEscapingTheFolder() throws Exception {
        BundleException e = assertThrows(
                BundleException.class, () -> BundleArchive.extract(zipOf("../x", 10), tmp.resolve("out"), 1_000));
        assertEquals("archive entry '../x' escapes the bundle folder", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void shouldCallATruncatedArchiveTruncated() throws Exception {
        byte[] whole = zipOf("weights.safetensors", 100_000).readAllBytes();
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        BundleException e = assertThrows(
                BundleException.class,
                () -> BundleArchive.extract(new ByteArrayInputStream(half), tmp.resolve("out"), 1_000_000));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(e.getMessage().contains(tmp.toString()), "the message names no server folder: " + e.getMessage());
    }

    @Test
    void shouldRejectAnAbsoluteEntry() throws Exception {
        BundleException e = assertThrows(
                BundleException.class, () -> BundleArchive.extract(zipOf("/etc/x", 10), tmp.resolve("out"), 1_000));
        assertTrue(e.getMessage().contains("'/etc/x' is an absolute path"), e.getMessage());
    }

    @Test
    void shouldStopExtractingPastTheByteLimit() throws Exception {
        BundleException e = assertThrows(
                BundleException.class,
                () -> BundleArchive.extract(zipOf("model.json", 5_000), tmp.resolve("out"), 4_096));
        assertTrue(e.getMessage().startsWith("archive inflates to more than 4096 bytes"), e.getMessage());
    }

    @Test
    void shouldRejectAStreamThatIsNotAZip() {
        BundleException e = assertThrows(
                BundleException.class,
                () -> BundleArchive.extract(
                        new ByteArrayInputStream("{\"hello\": 1}".getBytes()), tmp.resolve("out"), 1_000));
        assertTrue(e.getMessage().startsWith("not a zip archive"), e.getMessage());
    }

    private static InputStream zipOf(String entry, int zeros) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(new byte[zeros]);
            out.closeEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
