package dev.pruneline.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Safe extraction of a zipped data set, with the checks of {@link dev.pruneline.core.bundle.BundleArchive} (no
 * absolute or escaping entry names, the inflated bytes counted while copying, never taken from the archive's
 * declarations) plus a bound on the number of entries, since a data set may be many small image files. Kept apart
 * from the bundle archive so that its messages speak of data sets.
 */
final class DataArchive {
    /** The most entries (files and folders) a data set archive may hold: two image-tree splits at their bound. */
    static final int MAX_ENTRIES = 2 * ImageTree.MAX_IMAGES + 100_000;
    /** The most bytes a data set archive may inflate to. */
    static final long MAX_BYTES = 4L << 30;

    private DataArchive() {}

    /** Whether {@code file} starts like a zip archive. */
    static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 'P' && head[1] == 'K';
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void extract(Path zip, Path destDir) {
        extract(zip, destDir, MAX_ENTRIES, MAX_BYTES);
    }

    /**
     * Extracts {@code zip} into {@code destDir}.
     *
     * @throws DataException for a damaged zip, an absolute or escaping entry, more than {@code maxEntries} entries,
     *     or more than {@code maxBytes} of content
     */
    static void extract(Path zip, Path destDir, int maxEntries, long maxBytes) {
        Path root = destDir.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip), 1 << 16))) {
            Files.createDirectories(root);
            long total = 0;
            int entries = 0;
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new DataException("data archive " + zip + " holds more than " + maxEntries + " entries");
                }
                Path target = target(zip, root, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                total = copyLimited(zip, in, target, total, maxBytes);
            }
            if (entries == 0) {
                throw new DataException("data archive " + zip + " is not a zip archive, or an empty one");
            }
        } catch (ZipException e) {
            throw new DataException(
                    "data archive " + zip + " is not a zip archive, or a damaged one: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException(
                    "cannot extract data archive " + zip + " into " + destDir + ": " + e.getMessage(), e);
        }
    }

    private static Path target(Path zip, Path root, String name) {
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new DataException("data archive " + zip + ": entry '" + name + "' is an absolute path; a data set"
                    + " archive holds relative paths only");
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
            throw new DataException("data archive " + zip + ": entry '" + name + "' escapes the data folder");
        }
        return target;
    }

    private static long copyLimited(Path zip, InputStream in, Path target, long total, long max) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long count = total;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                count += n;
                if (count > max) {
                    throw new DataException("data archive " + zip + " inflates to more than " + max + " bytes");
                }
                out.write(buf, 0, n);
            }
        }
        return count;
    }

    /** Deletes a folder and everything in it, as far as it can: a left-over temporary folder is no error. */
    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
