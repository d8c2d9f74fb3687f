package dev.pruneline.core.bundle;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Safe zip packing and unpacking of bundle folders. Extraction refuses entries that would land
 * outside the destination ("zip slip"), absolute names, and archives that inflate past a byte
 * limit (counted while copying, never trusting the sizes the archive declares).
 */
public final class BundleArchive {
    private static final FileTime FIXED_TIME = FileTime.fromMillis(946_684_800_000L); // 2000-01-01T00:00:00Z
    private static final LocalDateTime FIXED_LOCAL_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final byte[] ZIP_MAGIC = {'P', 'K'};

    private BundleArchive() {}

    /** Most entries a model bundle archive may hold (it needs a handful of files). */
    public static final int MAX_BUNDLE_ENTRIES = 1_000;
    /** Most entries a data set archive may hold: two image-tree splits of a million images, and their folders. */
    public static final int MAX_DATA_ENTRIES = 2_100_000;

    /**
     * Extracts a zip stream into {@code destDir}, a bundle or a data set: at most {@link #MAX_DATA_ENTRIES}
     * entries.
     *
     * @param maxUncompressedBytes the most bytes all entries together may inflate to
     * @throws BundleException for a non-zip stream, an escaping or absolute entry, or too much content
     */
    public static void extract(InputStream zip, Path destDir, long maxUncompressedBytes) {
        extract(zip, destDir, maxUncompressedBytes, MAX_DATA_ENTRIES);
    }

    /**
     * Extracts a zip stream into {@code destDir}.
     *
     * @param maxUncompressedBytes the most bytes all entries together may inflate to
     * @param maxEntries the most entries (files and folders) the archive may hold, counted while reading
     * @throws BundleException for a non-zip stream, an escaping or absolute entry, too many entries or too much
     *     content
     */
    public static void extract(InputStream zip, Path destDir, long maxUncompressedBytes, int maxEntries) {
        BufferedInputStream in = new BufferedInputStream(zip);
        try {
            in.mark(4);
            byte[] head = in.readNBytes(2);
            in.reset();
            if (head.length < 2 || head[0] != ZIP_MAGIC[0] || head[1] != ZIP_MAGIC[1]) {
                throw new BundleException("not a zip archive (send a zip of the bundle or data set folder)");
            }
            Path root = destDir.toAbsolutePath().normalize();
            Files.createDirectories(root);
            long total = 0;
            int entries = 0;
            try (ZipInputStream zin = new ZipInputStream(in)) {
                ZipEntry e;
                while ((e = zin.getNextEntry()) != null) {
                    if (++entries > maxEntries) {
                        throw new BundleException(
                                "archive holds more than " + maxEntries + " entries; refusing to extract it");
                    }
                    Path target = target(root, e.getName());
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    total = copyLimited(zin, target, total, maxUncompressedBytes);
                }
            }
            if (entries == 0) {
                throw new BundleException("not a zip archive, or an empty one: no entries found");
            }
        } catch (ZipException e) {
            throw new BundleException("not a zip archive, or a damaged one: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new BundleException("the archive is truncated: it ends in the middle of an entry", e);
        } catch (IOException e) {
            throw new BundleException("cannot extract archive into " + destDir + ": " + e.getMessage(), e);
        }
    }

    private static Path target(Path root, String name) {
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new BundleException(
                    "archive entry '" + name + "' is an absolute path; bundle archives hold" + " relative paths only");
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
            throw new BundleException("archive entry '" + name + "' escapes the bundle folder");
        }
        return target;
    }

    private static long copyLimited(InputStream in, Path target, long total, long max) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long count = total;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                count += n;
                if (count > max) {
                    throw new BundleException("archive inflates to more than " + max + " bytes; refusing to extract"
                            + " it (raise the limit if the bundle is really that large)");
                }
                out.write(buf, 0, n);
            }
        }
        return count;
    }

    /** Zips the files of {@code dir} deterministically: sorted entry names, fixed timestamps. */
    public static void zip(Path dir, Path zipFile) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .sorted((a, b) -> rel(dir, a).compareTo(rel(dir, b)))
                    .toList();
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zipFile))) {
                for (Path f : files) {
                    ZipEntry e = new ZipEntry(rel(dir, f));
                    e.setCreationTime(FIXED_TIME);
                    e.setLastAccessTime(FIXED_TIME);
                    // Last, and as a local date-time: setTime would convert through the default time zone, so the
                    // DOS time field (and the bytes) would depend on the machine's zone.
                    e.setTimeLocal(FIXED_LOCAL_TIME);
                    out.putNextEntry(e);
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new BundleException("cannot zip " + dir + " into " + zipFile + ": " + e.getMessage(), e);
        }
    }

    private static String rel(Path dir, Path f) {
        return dir.relativize(f).toString().replace('\\', '/');
    }
}
