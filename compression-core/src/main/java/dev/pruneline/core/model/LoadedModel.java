package dev.pruneline.core.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.LayerShapes;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.engine.ActivationLayout;
import dev.pruneline.core.engine.ConvSignature;
import dev.pruneline.core.engine.EngineSetup;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model graph instantiated on the engine: its {@link GraphBlock} with initialised parameters in
 * native memory owned by this object. Close it to free that memory.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelSpec spec;
    private final NDManager manager;
    private final GraphBlock block;
    private final Map<String, Parameter> parameters;

    private LoadedModel(ModelSpec spec, long seed) {
        this.spec = spec;
        List<ConvSignature> convolutions = convShapes(spec);
        ActivationLayout layout = ActivationLayout.forConvolutions(convolutions);
        EngineSetup.verify(convolutions, layout);
        this.manager = NDManager.newBaseManager();
        this.block = BlockFactory.build(spec, layout);
        Engine.getInstance().setRandomSeed((int) seed);
        int[] in = spec.inputShape().stream().mapToInt(Integer::intValue).toArray();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, in[0], in[1], in[2]));
        this.parameters = collectParameters();
        checkShapes();
    }

    /** The convolutions of {@code spec} as the engine will run them. */
    public static List<ConvSignature> convShapes(ModelSpec spec) {
        List<ConvSignature> shapes = new ArrayList<>();
        for (LayerShapes s : ShapeInference.infer(spec)) {
            LayerSpec l = s.layer();
            if (l.type() == LayerType.CONV2D) {
                int[] k = l.pairAttr("kernel", null);
                int[] stride = l.pairAttr("stride", new int[] {1, 1});
                int[] pad = l.pairAttr("padding", new int[] {0, 0});
                int[] dilation = l.pairAttr("dilation", new int[] {1, 1});
                int[] in = s.input();
                shapes.add(new ConvSignature(
                        in[0],
                        l.intAttr("outChannels"),
                        k[0],
                        k[1],
                        stride[0],
                        stride[1],
                        pad[0],
                        pad[1],
                        in[1],
                        in[2],
                        l.boolAttr("bias", true),
                        dilation[0],
                        dilation[1],
                        l.intAttr("groups", 1)));
            }
        }
        return shapes;
    }

    /** A model with freshly initialised (seeded) weights. */
    public static LoadedModel initialise(ModelSpec spec, long seed) {
        return new LoadedModel(spec, seed);
    }

    /** A model holding the bundle's weights (copied into native memory). */
    public static LoadedModel of(ModelBundle bundle) {
        LoadedModel m = new LoadedModel(bundle.spec(), 0);
        try {
            m.load(bundle);
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Copies a bundle's weights into this model (same graph and shapes). */
    public void load(ModelBundle bundle) {
        for (Tensor t : bundle.tensors().values()) {
            Parameter p = parameters.get(t.name());
            if (p == null) {
                throw new CompressionException("model '" + spec.name() + "' has no parameter " + t.name());
            }
            p.getArray().set(FloatBuffer.wrap(t.data()));
        }
    }

    /** The spec this model was built from. */
    public ModelSpec spec() {
        return spec;
    }

    /** The DJL block. */
    public GraphBlock block() {
        return block;
    }

    /** The manager owning the parameters; make per-batch sub-managers from it. */
    public NDManager manager() {
        return manager;
    }

    /** DJL parameters by bundle tensor name ({@code conv1.weight}). */
    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Copies the current weights out into a bundle with the given spec (usually {@link #spec()}); -0.0 becomes 0.0. */
    public ModelBundle toBundle(ModelSpec newSpec) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            NDArray a = p.getArray();
            int[] shape = Arrays.stream(a.getShape().getShape())
                    .mapToInt(d -> (int) d)
                    .toArray();
            float[] data = a.toFloatArray();
            for (int i = 0; i < data.length; i++) {
                if (data[i] == 0f) {
                    data[i] = 0f; // masked weights come back as -0.0 after w * 0; store a plain zero
                }
            }
            tensors.put(name, new Tensor(name, shape, data));
        });
        return new ModelBundle(newSpec, tensors);
    }

    private Map<String, Parameter> collectParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Map<String, Block> blocks = block.layerBlocks();
        for (LayerSpec l : spec.layers()) {
            Block b = blocks.get(l.name());
            if (b == null) {
                continue;
            }
            for (Pair<String, Parameter> p : b.getDirectParameters()) {
                out.put(l.name() + "." + bundleName(p.getKey()), p.getValue());
            }
        }
        return out;
    }

    private static String bundleName(String djlName) {
        return switch (djlName) {
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djlName;
        };
    }

    private void checkShapes() {
        Map<String, int[]> expected = ShapeInference.parameterShapes(spec);
        if (!expected.keySet().equals(parameters.keySet())) {
            throw new CompressionException("model '" + spec.name() + "': the engine built parameters "
                    + parameters.keySet() + " but model.json implies " + expected.keySet());
        }
        expected.forEach((name, shape) -> {
            long[] actual = parameters.get(name).getArray().getShape().getShape();
            if (!Arrays.equals(Arrays.stream(shape).asLongStream().toArray(), actual)) {
                throw new CompressionException("parameter " + name + ": the engine built shape "
                        + Arrays.toString(actual) + " but model.json implies " + Tensor.shapeText(shape));
            }
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
