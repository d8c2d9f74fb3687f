package dev.pruneline.launcher.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pruneline.core.CompressionException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * One exported model in an ONNX Runtime session on the CPU: all graph optimisations on, {@code threads} intra-op
 * threads (the engine's count, so both runtimes get the same cores), one inter-op thread, sequential execution.
 */
final class OrtModel implements AutoCloseable {
    private final String what;
    private final OrtSession session;
    private final String inputName;
    private final int[] inputShape;
    private final boolean channelsLast;
    private final int threads;

    private OrtModel(
            String what, OrtSession session, String inputName, int[] inputShape, boolean channelsLast, int threads) {
        this.what = what;
        this.session = session;
        this.inputName = inputName;
        this.inputShape = inputShape;
        this.channelsLast = channelsLast;
        this.threads = threads;
    }

    /**
     * A session on the model's bytes.
     *
     * @param what the model, for messages (e.g. its path)
     * @param inputShape channels, height, width of one image
     * @param channelsLast whether the model takes (batch, height, width, channels); images are given
     *     channel-major all the same and transposed for it
     */
    static OrtModel open(String what, byte[] onnx, List<Integer> inputShape, boolean channelsLast, int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            OrtSession session = env.createSession(onnx, options);
            String input = session.getInputNames().iterator().next();
            int[] shape = inputShape.stream().mapToInt(Integer::intValue).toArray();
            return new OrtModel(what, session, input, shape, channelsLast, threads);
        } catch (OrtException e) {
            throw new CompressionException("ONNX Runtime cannot load " + what + ": " + e.getMessage(), e);
        }
    }

    /** The ONNX Runtime version of this process. */
    static String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    int threads() {
        return threads;
    }

    /** Values of one image. */
    int imageSize() {
        return inputShape[0] * inputShape[1] * inputShape[2];
    }

    /** The first output for {@code batch} images held one after the other in {@code pixels}, row-major. */
    float[] run(float[] pixels, int batch) {
        try (OnnxTensor x = tensor(pixels, batch);
                OrtSession.Result r = session.run(Map.of(inputName, x))) {
            return flatten((float[][]) r.get(0).getValue());
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    /** Milliseconds of one run on a prepared input: the session run and copying its output into Java memory. */
    double timeOnce(float[] pixels, int batch) {
        try (OnnxTensor x = tensor(pixels, batch)) {
            long t0 = System.nanoTime();
            try (OrtSession.Result r = session.run(Map.of(inputName, x))) {
                ((OnnxTensor) r.get(0)).getFloatBuffer();
            }
            return (System.nanoTime() - t0) / 1e6;
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    private OnnxTensor tensor(float[] pixels, int batch) throws OrtException {
        int c = inputShape[0];
        int h = inputShape[1];
        int w = inputShape[2];
        if (!channelsLast) {
            long[] shape = {batch, c, h, w};
            return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(pixels), shape);
        }
        float[] nhwc = new float[batch * c * h * w];
        for (int n = 0; n < batch; n++) {
            for (int ci = 0; ci < c; ci++) {
                for (int p = 0; p < h * w; p++) {
                    nhwc[(n * h * w + p) * c + ci] = pixels[(n * c + ci) * h * w + p];
                }
            }
        }
        long[] shape = {batch, h, w, c};
        return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(nhwc), shape);
    }

    private CompressionException failed(OrtException e) {
        return new CompressionException("ONNX Runtime failed to run " + what + ": " + e.getMessage(), e);
    }

    private static float[] flatten(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw failed(e);
        }
    }
}
