package dev.pruneline.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTreeTest {
    @TempDir
    Path dir;

    /** The value of channel {@code c} of image {@code i} at pixel {@code p}. */
    private static int pixel(ImageSet set, int i, int c, int p) {
        return set.pixels()[i * set.imageSize() + c * set.rows() * set.cols() + p] & 0xff;
    }

    private static void assertPlane(ImageSet set, int i, int c, int expected, int tolerance) {
        for (int p = 0; p < set.rows() * set.cols(); p++) {
            int v = pixel(set, i, c, p);
            assertTrue(
                    Math.abs(v - expected) <= tolerance,
                    set.name() + " image " + i + " channel " + c + " pixel " + p + ": " + v + ", expected " + expected);
        }
    }

    @Test
    void shouldNameClassesBySortedTrainFoldersAndReadRgbAsThreeChannels() {
        DataSets.tree(dir, List.of("cat", "ant", "bee"));
        LayoutReader.TrainAndTest data = DataLayout.IMAGE_TREE.reader().readAll(dir, null);
        assertEquals(List.of("ant", "bee", "cat"), data.classes());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, data.train().labels());
        assertArrayEquals(new int[] {0, 1, 2}, data.test().labels());
        assertEquals(new ImageShape(3, 4, 6), data.train().shape());
        // bee, written third, is class 1; train/bee/a.png is (120, 135, 7): R, G, B become channels 0, 1, 2
        assertPlane(data.train(), 2, 0, 120, 0);
        assertPlane(data.train(), 2, 1, 135, 0);
        assertPlane(data.train(), 2, 2, 7, 0);
    }

    @Test
    void shouldResizeImagesToTheSizeOfTheFirstTrainImage() {
        DataSets.write(dir.resolve("train/a/1.png"), DataSets.rgb(5, 3, 10, 20, 30));
        DataSets.write(dir.resolve("train/a/2.png"), DataSets.rgb(7, 9, 90, 80, 70));
        DataSets.write(dir.resolve("train/b/1.bmp"), DataSets.rgb(2, 11, 200, 100, 0));
        DataSets.write(dir.resolve("test/a/x.jpeg"), DataSets.rgb(13, 13, 50, 150, 250));
        DataSets.write(dir.resolve("test/b/y.png"), DataSets.rgb(5, 3, 1, 2, 3));
        LayoutReader.TrainAndTest data = DataLayout.IMAGE_TREE.reader().readAll(dir, null);
        assertEquals(new ImageShape(3, 3, 5), data.train().shape());
        assertEquals(new ImageShape(3, 3, 5), data.test().shape());
        assertPlane(data.train(), 1, 0, 90, 0);
        assertPlane(data.train(), 2, 1, 100, 0);
        assertPlane(data.test(), 0, 2, 250, 3); // JPEG is lossy
    }

    @Test
    void shouldBringImagesToTheModelInputShapeWhenOneIsGiven() {
        DataSets.tree(dir, List.of("a", "b"));
        LayoutReader.TrainAndTest rgb = DataLayout.IMAGE_TREE.reader().readAll(dir, new ImageShape(3, 8, 5));
        assertEquals(new ImageShape(3, 8, 5), rgb.train().shape());
        assertEquals(new ImageShape(3, 8, 5), rgb.test().shape());
        LayoutReader.TrainAndTest grey = DataLayout.IMAGE_TREE.reader().readAll(dir, new ImageShape(1, 2, 2));
        assertEquals(new ImageShape(1, 2, 2), grey.train().shape());
        // train/a/a.png is (40, 215, 7): BT.601 luma 0.299*40 + 0.587*215 + 0.114*7 = 138.9
        assertPlane(grey.train(), 0, 0, 139, 0);
        assertEquals(
                new ImageShape(1, 2, 2),
                DataFolder.loadTest(dir, new ImageShape(1, 2, 2)).shape());
    }

    @Test
    void shouldReadAllGreyImagesAsOneChannel() {
        DataSets.write(dir.resolve("train/zero/1.png"), DataSets.grey(4, 4, 17));
        DataSets.write(dir.resolve("train/one/1.jpg"), DataSets.grey(4, 4, 200));
        DataSets.write(dir.resolve("test/zero/1.png"), DataSets.grey(4, 4, 33));
        DataSets.write(dir.resolve("test/one/1.png"), DataSets.grey(4, 4, 250));
        LayoutReader.TrainAndTest data = DataLayout.IMAGE_TREE.reader().readAll(dir, null);
        assertEquals(List.of("one", "zero"), data.classes());
        assertEquals(new ImageShape(1, 4, 4), data.train().shape());
        assertPlane(data.train(), 0, 0, 200, 2);
        assertPlane(data.train(), 1, 0, 17, 0);
        assertEquals(
                new DataSummary(DataLayout.IMAGE_TREE, 2, 2, 1, 4, 4, List.of("one", "zero")),
                DataFolder.validateDataFolder(dir));
    }

    @Test
    void shouldCopyGreyImagesIntoRgbWhenTheSetAlsoHoldsColour() {
        DataSets.write(dir.resolve("train/a/1.png"), DataSets.grey(3, 3, 60));
        DataSets.write(dir.resolve("train/b/1.png"), DataSets.rgb(3, 3, 1, 2, 3));
        DataSets.write(dir.resolve("test/a/1.png"), DataSets.grey(3, 3, 61));
        DataSets.write(dir.resolve("test/b/1.png"), DataSets.grey(3, 3, 62));
        LayoutReader.TrainAndTest data = DataLayout.IMAGE_TREE.reader().readAll(dir, null);
        assertEquals(3, data.train().channels());
        assertEquals(3, data.test().channels());
        for (int c = 0; c < 3; c++) {
            assertPlane(data.train(), 0, c, 60, 0);
            assertPlane(data.train(), 1, c, c + 1, 0);
            assertPlane(data.test(), 1, c, 62, 0);
        }
    }

    @Test
    void shouldRefuseTestClassFoldersThatDifferFromTrain() {
        DataSets.tree(dir, List.of("ant", "bee"));
        DataSets.write(dir.resolve("train/cat/1.png"), DataSets.rgb(6, 4, 1, 1, 1));
        DataSets.write(dir.resolve("test/dog/1.png"), DataSets.rgb(6, 4, 1, 1, 1));
        DataException e = assertThrows(DataException.class, () -> DataFolder.load(dir));
        assertEquals(
                "data folder " + dir + ": the class folders of test/ [ant, bee, dog] differ from those of train/ [ant,"
                        + " bee, cat]; missing in test/: [cat]; not in train/: [dog]",
                e.getMessage());
    }

    @Test
    void shouldNameAFileThatIsNoImage() throws IOException {
        DataSets.tree(dir, List.of("a", "b"));
        Files.writeString(dir.resolve("train/b/broken.png"), "not a png");
        DataException e = assertThrows(DataException.class, () -> DataFolder.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("train/b/broken.png").toString()), e.getMessage());
    }

    @Test
    void shouldResampleBilinearlyAtPixelCentres() {
        // one row 0, 100 widened to four columns: centres fall at -0.25, 0.25, 0.75, 1.25 of the source
        byte[] out = ImageFiles.resize(new byte[] {0, 100}, 1, 1, 2, 1, 4);
        assertArrayEquals(new byte[] {0, 25, 75, 100}, out);
        // two planes, 2x2 to 1x1: the mean of each plane
        byte[] mean = ImageFiles.resize(new byte[] {0, 10, 20, 30, 40, 40, 40, 40}, 2, 2, 2, 1, 1);
        assertArrayEquals(new byte[] {15, 40}, mean);
    }
}
