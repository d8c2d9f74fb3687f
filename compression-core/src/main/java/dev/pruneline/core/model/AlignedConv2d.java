package dev.pruneline.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.pruneline.core.engine.AlignedConvolution;
import dev.pruneline.core.engine.ConvPath;
import dev.pruneline.core.engine.EngineSetup;

/**
 * DJL's {@link Conv2d} (same parameters, names and shapes) computed through
 * {@link AlignedConvolution} when the engine runs on {@link ConvPath#ONEDNN_ALIGNED}, and as a
 * plain convolution on the other paths.
 */
final class AlignedConv2d extends Conv2d {

    AlignedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = ps.getValue(bias, device, training);
        if (EngineSetup.convPath() != ConvPath.ONEDNN_ALIGNED) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
        }
        return new NDList(AlignedConvolution.conv2d(x, w, b, stride, padding, dilation, groups));
    }
}
