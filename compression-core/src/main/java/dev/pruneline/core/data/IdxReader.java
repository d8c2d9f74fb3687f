package dev.pruneline.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (http://yann.lecun.com/exdb/mnist/): unsigned-byte images ({@code idx3},
 * magic 0x00000803) and labels ({@code idx1}, magic 0x00000801). Gzip compression is detected by
 * its magic bytes, whatever the file name.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_ITEMS = 50_000_000;

    private IdxReader() {}

    /** Raw images of an idx3 file: {@code pixels.length == count * rows * cols}. */
    public record Images(byte[] pixels, int count, int rows, int cols) {}

    /** Reads an idx3-ubyte image file. */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC, "idx3-ubyte images");
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw new DataException(file + ": implausible dimensions " + count + "x" + rows + "x" + cols);
            }
            byte[] px = readDeclared(in, count * rows * cols);
            if (px.length < count * rows * cols) {
                throw new DataException(file + " ends early: it holds " + px.length + " pixel values, its header"
                        + " declares " + count + "x" + rows + "x" + cols);
            }
            return new Images(px, count, rows, cols);
        } catch (EOFException e) {
            throw new DataException(file + " ends early: it holds fewer values than its header declares", e);
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    /** Reads an idx1-ubyte label file. */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC, "idx1-ubyte labels");
            int count = in.readInt();
            if (count < 0 || count > MAX_ITEMS) {
                throw new DataException(file + ": implausible label count " + count);
            }
            byte[] raw = readDeclared(in, count);
            if (raw.length < count) {
                throw new DataException(
                        file + " ends early: it holds " + raw.length + " labels, its header declares " + count);
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (EOFException e) {
            throw new DataException(file + " ends early: it holds fewer labels than its header declares", e);
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    /**
     * Up to {@code declared} bytes: memory grows with the bytes the file really holds, so a small file whose header
     * declares gigabytes costs kilobytes, not an allocation of what it declares.
     */
    private static byte[] readDeclared(DataInputStream in, int declared) throws IOException {
        return in.readNBytes(declared);
    }

    private static DataException readError(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException("IDX file " + file + " does not exist", e);
        }
        return new DataException("cannot read IDX file " + file + ": " + e.getMessage(), e);
    }

    private static void checkMagic(Path file, int magic, int expected, String what) {
        if (magic != expected) {
            throw new DataException(file + " is not an " + what + " file: magic number 0x"
                    + String.format("%08x", magic) + ", expected 0x" + String.format("%08x", expected));
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw);
    }
}
