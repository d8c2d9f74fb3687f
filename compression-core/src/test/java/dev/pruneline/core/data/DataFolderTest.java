package dev.pruneline.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        Set<Integer> records = new HashSet<>();
        for (int t = 0; t < 10; t++) {
            int record = data.train().pixels()[t * 3072] / 7;
            assertEquals(DataSets.cifarPixel(record, 1, 7), data.train().pixels()[t * 3072 + 1024 + 7]);
            assertEquals(record % 10, data.train().labels()[t]);
            records.add(record);
        }
        assertEquals(10, records.size(), "every train record once");
        assertEquals(CifarBatches.CIFAR10_CLASSES, data.classes());
    }

    @Test
    void shouldShuffleAnImageTreeSoThatTheFirstImagesOfEachSplitHoldEveryClass() {
        List<String> classes = List.of("a", "b", "c", "d");
        int perClass = 25;
        for (int k = 0; k < classes.size(); k++) {
            for (int j = 0; j < perClass; j++) {
                int value = k * perClass + j;
                Path train = tmp.resolve("tree/train").resolve(classes.get(k));
                DataSets.write(train.resolve(String.format("%02d.png", j)), DataSets.grey(2, 2, value));
            }
            DataSets.write(tmp.resolve("tree/test").resolve(classes.get(k)).resolve("t.png"), DataSets.grey(2, 2, 0));
        }
        DataSplits data = DataFolder.load(tmp.resolve("tree"), 0.2);
        assertEquals(Set.of(0, 1, 2, 3), labels(data.train(), 16), "first 16 train images");
        assertEquals(Set.of(0, 1, 2, 3), labels(data.validation(), 12), "first 12 validation images");
        Set<Integer> files = new HashSet<>();
        for (ImageSet set : List.of(data.train(), data.validation())) {
            for (int i = 0; i < set.size(); i++) {
                int value = set.pixels()[i * set.imageSize()] & 0xff;
                assertEquals(value / perClass, set.labels()[i], "label of the file with grey value " + value);
                files.add(value);
            }
        }
        assertEquals(classes.size() * perClass, files.size(), "every train file in exactly one split");
        assertArrayEquals(
                data.train().labels(),
                DataFolder.load(tmp.resolve("tree"), 0.2).train().labels(),
                "same order every load");
        assertArrayEquals(
                data.train().pixels(),
                DataFolder.load(tmp.resolve("tree"), 0.2).train().pixels());
    }

    private static Set<Integer> labels(ImageSet set, int first) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < first; i++) {
            out.add(set.labels()[i]);
        }
        return out;
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
