package dev.pruneline.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBatchesTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheRedGreenAndBluePlanesAsChannelsZeroOneAndTwo() {
        DataSets.cifar(dir, 5, 3);
        LayoutReader.TrainAndTest data = DataLayout.CIFAR10.reader().readAll(dir, null);
        ImageSet train = data.train();
        assertEquals(15, train.size());
        assertEquals(new ImageShape(3, 32, 32), train.shape());
        for (int i = 0; i < 15; i++) {
            assertEquals(i % 10, train.labels()[i]);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    assertEquals(DataSets.cifarPixel(i, c, p), train.pixels()[i * 3072 + c * 1024 + p]);
                }
            }
        }
        // the test file holds records 15..17
        assertEquals(DataSets.cifarPixel(16, 2, 5), data.test().pixels()[3072 + 2 * 1024 + 5]);
        assertEquals(CifarBatches.CIFAR10_CLASSES, data.classes());
    }

    @Test
    void shouldNameClassesFromBatchesMetaTxt() throws IOException {
        DataSets.cifar(dir, 1, 2);
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\n c \nd\ne\nf\ng\nh\ni\nj\n\n");
        assertEquals(
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
                DataFolder.load(dir).classes());
        assertEquals(
                new DataSummary(
                        DataLayout.CIFAR10,
                        2,
                        2,
                        3,
                        32,
                        32,
                        DataFolder.load(dir).classes()),
                DataFolder.validateDataFolder(dir));
    }

    @Test
    void shouldRefuseAFileThatIsNotAWholeNumberOfRecords() throws IOException {
        DataSets.cifar(dir, 2, 2);
        Path cut = dir.resolve("data_batch_2.bin");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), 2 * 3073 - 1));
        DataException e = assertThrows(DataException.class, () -> DataFolder.load(dir));
        assertEquals(
                cut + " is 6145 bytes long, not a multiple of the 3073-byte CIFAR-10 record (1 label byte +"
                        + " 3x32x32 pixels)",
                e.getMessage());
    }

    @Test
    void shouldRefuseALabelBeyondTheClassNames() throws IOException {
        DataSets.cifar(dir, 1, 4);
        Files.writeString(dir.resolve("batches.meta.txt"), "one\ntwo\n");
        DataException e = assertThrows(DataException.class, () -> DataFolder.validateDataFolder(dir));
        assertEquals(
                dir.resolve("data_batch_1.bin") + ": record 2 has label 2 but the data set names 2 classes"
                        + " (batches.meta.txt or the ten CIFAR-10 names)",
                e.getMessage());
    }

    @Test
    void shouldNameAMissingTrainBatchBeforeALaterOne() throws IOException {
        DataSets.cifar(dir, 3, 1);
        Files.delete(dir.resolve("data_batch_2.bin"));
        DataException e = assertThrows(DataException.class, () -> DataFolder.load(dir));
        assertEquals(
                "data folder " + dir + " lacks data_batch_2.bin (CIFAR-10 train batches are numbered from 1 without"
                        + " gaps)",
                e.getMessage());
    }
}
