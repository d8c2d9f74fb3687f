package dev.pruneline.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.onnx.OnnxImport;
import dev.pruneline.core.onnx.OnnxMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassNamesTest {
    private static final List<String> NAMES =
            IntStream.range(0, 10).mapToObj(i -> "class-" + (char) ('a' + i)).toList();

    private static ModelBundle onnx(OnnxMetadata metadata) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of("src/test/resources/onnx/resnet_small.onnx"));
        return OnnxImport.read(bytes, metadata, "resnet");
    }

    private static DataSplits data(List<String> classes) {
        ImageSet one = new ImageSet("test", new byte[3 * 32 * 32], new int[] {0}, 3, 32, 32);
        return new DataSplits(one, one, one, classes);
    }

    @Test
    void shouldTakeTheDataSetsClassNamesWhenTheModelOnlyNumbersItsClasses() throws Exception {
        ModelBundle named = JobSupport.withClassNames(onnx(OnnxMetadata.NONE), data(NAMES));
        assertEquals(NAMES, named.spec().classes());
    }

    @Test
    void shouldKeepTheModelsOwnClassNames() throws Exception {
        List<String> own = IntStream.range(0, 10).mapToObj(i -> "own" + i).toList();
        ModelBundle b = onnx(new OnnxMetadata(own, null, null));
        assertEquals(own, JobSupport.withClassNames(b, data(NAMES)).spec().classes());
    }

    @Test
    void shouldKeepNumbersWhenTheDataNamesAnotherCount() throws Exception {
        ModelBundle b = onnx(OnnxMetadata.NONE);
        List<String> three = List.of("x", "y", "z");
        assertEquals(
                b.spec().classes(),
                JobSupport.withClassNames(b, data(three)).spec().classes());
    }
}
