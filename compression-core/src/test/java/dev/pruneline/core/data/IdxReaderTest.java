package dev.pruneline.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.ThreadAllocation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadPlainAndGzipImagesAlike() throws IOException {
        byte[] idx = images(2, 2, 3);
        Files.write(dir.resolve("plain"), idx);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("packed")))) {
            out.write(idx);
        }
        IdxReader.Images plain = IdxReader.readImages(dir.resolve("plain"));
        IdxReader.Images packed = IdxReader.readImages(dir.resolve("packed"));
        assertEquals(2, plain.count());
        assertEquals(2, plain.rows());
        assertEquals(3, plain.cols());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, plain.pixels());
        assertArrayEquals(plain.pixels(), packed.pixels());
    }

    @Test
    void shouldRejectLabelsGivenAsImages() throws IOException {
        Path labels = dir.resolve("labels");
        Files.write(labels, labels(new byte[] {1, 2}));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(labels));
        assertEquals(
                labels + " is not an idx3-ubyte images file: magic number 0x00000801, expected 0x00000803",
                e.getMessage());
    }

    @Test
    void shouldReportATruncatedFile() throws IOException {
        byte[] idx = images(2, 2, 3);
        Path cut = dir.resolve("cut");
        Files.write(cut, java.util.Arrays.copyOf(idx, idx.length - 1));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().startsWith(cut + " ends early"), e.getMessage());
    }

    @Test
    void shouldRefuseAHeaderDeclaringMoreThanTheFileHoldsWithoutAllocatingIt() throws IOException {
        // a 16-byte header declaring 2 GB of pixels, followed by 12 real ones
        byte[] idx = images(2, 2, 3);
        ByteBuffer.wrap(idx).putInt(4, 2_000_000).putInt(8, 32).putInt(12, 32);
        Path lying = dir.resolve("lying");
        Files.write(lying, idx);
        long before = ThreadAllocation.bytes();
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(lying));
        long allocated = ThreadAllocation.bytes() - before;
        assertTrue(e.getMessage().contains("holds 12 pixel values, its header declares 2000000x32x32"), e.getMessage());
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes for a 28-byte file");
    }

    @Test
    void shouldNameTheMissingFileOfADataFolder() throws IOException {
        SampleData.extractTo(dir);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        DataException e = assertThrows(DataException.class, () -> DataFolder.validateDataFolder(dir));
        assertEquals("data folder " + dir + " lacks t10k-labels-idx1-ubyte(.gz)", e.getMessage());
    }

    @Test
    void shouldSplitTheSampleDeterministically() {
        SampleData.extractTo(dir);
        DataSplits a = DataFolder.load(dir);
        DataSplits b = DataFolder.load(dir, DataFolder.DEFAULT_VALIDATION_FRACTION);
        assertEquals(7_200, a.train().size());
        assertEquals(800, a.validation().size());
        assertEquals(2_000, a.test().size());
        assertArrayEquals(a.validation().labels(), b.validation().labels());
        assertArrayEquals(a.validation().pixels(), b.validation().pixels());
        assertEquals(
                new DataSummary(DataLayout.IDX, 8_000, 2_000, 1, 28, 28, DataSplits.numbered(a.train())),
                DataFolder.validateDataFolder(dir));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), a.classes());
    }

    static byte[] images(int count, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGES_MAGIC);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            out.writeByte(i);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(values.length);
        out.write(values);
        return bytes.toByteArray();
    }
}
