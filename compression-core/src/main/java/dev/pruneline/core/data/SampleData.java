package dev.pruneline.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The MNIST sample shipped inside compression-core (8,000 train and 2,000 test digits, IDX gz),
 * for demos, smoke tests and the CLI's {@code --data sample}.
 */
public final class SampleData {
    /** The word that stands for the bundled sample wherever a data folder is expected. */
    public static final String KEYWORD = "sample";

    private static final String RESOURCE_DIR = "/dev/pruneline/core/data/sample/mnist/";
    private static final String[] FILES = {
        IdxFolder.TRAIN_IMAGES + ".gz", IdxFolder.TRAIN_LABELS + ".gz",
        IdxFolder.TEST_IMAGES + ".gz", IdxFolder.TEST_LABELS + ".gz",
    };

    private SampleData() {}

    /** Copies the four sample files into {@code dir} (created if needed) and returns {@code dir}. */
    public static Path extractTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                try (InputStream in = SampleData.class.getResourceAsStream(RESOURCE_DIR + f)) {
                    if (in == null) {
                        throw new DataException("the bundled sample file " + f + " is missing from the classpath");
                    }
                    Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new DataException("cannot copy the sample data into " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resolves a data argument: the word {@code sample} becomes a temporary folder holding the
     * bundled sample; anything else is taken as a folder path.
     */
    public static Path resolve(String dataArg) {
        if (KEYWORD.equals(dataArg)) {
            try {
                return extractTo(Files.createTempDirectory("pruneline-sample-mnist"));
            } catch (IOException e) {
                throw new DataException("cannot create a folder for the sample data: " + e.getMessage(), e);
            }
        }
        return Path.of(dataArg);
    }
}
