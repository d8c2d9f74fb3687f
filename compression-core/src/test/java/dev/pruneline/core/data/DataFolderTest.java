package dev.pruneline.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {
    @TempDir
    Path tmp;

    @Test
    void shouldLoadAZipOfIdxFiles() {
        Path zip = DataSets.zip(SampleData.extractTo(tmp.resolve("mnist")), tmp.resolve("mnist.zip"));
        DataSplits data = DataFolder.load(zip);
        assertEquals(7_200, data.train().size());
        assertEquals(2_000, data.test().size());
        assertEquals(new ImageShape(1, 28, 28), data.test().shape());
        assertEquals(DataLayout.IDX, DataFolder.validateDataFolder(zip).layout());
    }

    @Test
    void shouldLoadAZipOfAnImageTree() {
        DataSets.tree(tmp.resolve("tree"), List.of("cat", "dog"));
        Path zip = DataSets.zip(tmp.resolve("tree"), tmp.resolve("tree.zip"));
        DataSplits data = DataFolder.load(zip, 0);
        assertEquals(List.of("cat", "dog"), data.classes());
        assertEquals(4, data.train().size());
        assertEquals(
                new DataSummary(DataLayout.IMAGE_TREE, 4, 2, 3, 4, 6, List.of("cat", "dog")),
                DataFolder.validateDataFolder(zip));
        assertEquals(2, DataFolder.loadTest(zip).size());
    }

    @Test
    void shouldLoadAZipOfCifarBatches() {
        DataSets.cifar(tmp.resolve("cifar"), 5, 2);
        Path zip = DataSets.zip(tmp.resolve("cifar"), tmp.resolve("cifar.zip"));
        DataSplits data = DataFolder.load(zip, 0);
        assertEquals(10, data.train().size());
        assertEquals(DataSets.cifarPixel(3, 1, 7), data.train().pixels()[3 * 3072 + 1024 + 7]);
        assertEquals(CifarBatches.CIFAR10_CLASSES, data.classes());
    }

    @Test
    void shouldFindTheLayoutInsideTheOnlyTopLevelFolder() throws IOException {
        DataSets.cifar(tmp.resolve("upload/cifar-10-batches-bin"), 1, 2);
        Files.createDirectories(tmp.resolve("upload/__MACOSX"));
        Files.writeString(tmp.resolve("upload/.DS_Store"), "x");
        assertEquals(2, DataFolder.loadTest(tmp.resolve("upload")).size());
        Path zip = DataSets.zip(tmp.resolve("upload"), tmp.resolve("upload.zip"));
        assertEquals(DataLayout.CIFAR10, DataFolder.validateDataFolder(zip).layout());
    }

    @Test
    void shouldRefuseAZipEntryEscapingItsFolder() {
        String escaping = "pruneline-escape-" + System.nanoTime() + ".bin";
        Path zip = DataSets.zipWithEntry(tmp.resolve("evil.zip"), "../" + escaping);
        DataException e = assertThrows(DataException.class, () -> DataFolder.load(zip));
        assertEquals("data archive " + zip + ": entry '../" + escaping + "' escapes the data folder", e.getMessage());
        assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), escaping)));
    }

    @Test
    void shouldRefuseAnArchiveOfMoreEntriesThanItsBound() {
        DataSets.cifar(tmp.resolve("cifar"), 2, 1);
        Path zip = DataSets.zip(tmp.resolve("cifar"), tmp.resolve("cifar.zip"));
        DataException e =
                assertThrows(DataException.class, () -> DataArchive.extract(zip, tmp.resolve("out"), 2, 1 << 20));
        assertEquals("data archive " + zip + " holds more than 2 entries", e.getMessage());
    }

    @Test
    void shouldRefuseAnArchiveInflatingPastItsBound() {
        DataSets.cifar(tmp.resolve("cifar"), 1, 2);
        Path zip = DataSets.zip(tmp.resolve("cifar"), tmp.resolve("cifar.zip"));
        DataException e =
                assertThrows(DataException.class, () -> DataArchive.extract(zip, tmp.resolve("out"), 10, 10_000));
        assertEquals("data archive " + zip + " inflates to more than 10000 bytes", e.getMessage());
    }

    @Test
    void shouldNameTheLayoutsItLooksForInAFolderHoldingNone() throws IOException {
        Files.writeString(tmp.resolve("readme.txt"), "no data here");
        DataException e = assertThrows(DataException.class, () -> DataFolder.validateDataFolder(tmp));
        assertTrue(e.getMessage().startsWith("data folder " + tmp + " holds no known data set layout"), e.getMessage());
        for (DataLayout layout : DataLayout.values()) {
            assertTrue(e.getMessage().contains(layout.description()), e.getMessage());
        }
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("data_batch_1.bin .. data_batch_5.bin, test_batch.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("train/<class>/*.png|jpg|jpeg|bmp|gif"), e.getMessage());
    }

    @Test
    void shouldNameTheArchiveWhenItsContentIsIncomplete() {
        DataSets.cifar(tmp.resolve("cifar"), 1, 1);
        Path zip = DataSets.zip(tmp.resolve("cifar"), tmp.resolve("cifar.zip"));
        Path stripped = tmp.resolve("stripped");
        DataSets.cifarFile(stripped.resolve("data_batch_1.bin"), 0, 1);
        Path strippedZip = DataSets.zip(stripped, tmp.resolve("stripped.zip"));
        assertEquals(1, DataFolder.load(zip, 0).test().size());
        DataException e = assertThrows(DataException.class, () -> DataFolder.load(strippedZip));
        assertEquals("data archive " + strippedZip + ": the archive lacks test_batch.bin", e.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotAZip() throws IOException {
        Path file = Files.writeString(tmp.resolve("data.tar"), "not a zip");
        DataException e = assertThrows(DataException.class, () -> DataFolder.load(file));
        assertTrue(
                e.getMessage().startsWith("data folder " + file + " is a file but not a zip archive"), e.getMessage());
    }
}
