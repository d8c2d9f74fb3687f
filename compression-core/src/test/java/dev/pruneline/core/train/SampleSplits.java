package dev.pruneline.core.train;

import dev.pruneline.core.data.DataFolder;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The bundled sample, loaded once per test JVM, with small heads for fast tests. */
public final class SampleSplits {
    private static DataSplits full;

    private SampleSplits() {}

    /** All of the sample: 7,200 train, 800 validation, 2,000 test. */
    public static synchronized DataSplits full() {
        if (full == null) {
            try {
                full = DataFolder.load(SampleData.extractTo(Files.createTempDirectory("sample-splits")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return full;
    }

    /** A small slice: {@code train} train images, 200 validation, {@code test} test images. */
    public static DataSplits small(int train, int test) {
        DataSplits f = full();
        return new DataSplits(
                f.train().head(train), f.validation().head(200), f.test().head(test));
    }
}
