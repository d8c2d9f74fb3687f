package dev.pruneline.core.bundle;

/**
 * What an ONNX release looked like from outside, kept so that the model pruneline gives back is a
 * drop-in replacement: the same tensor names, the same opset, the same output (logits or
 * probabilities).
 *
 * @param inputName name of the graph input
 * @param outputName name of the graph output
 * @param opset version of the default ONNX operator set the release used
 * @param softmaxOutput whether the release ended in a softmax (the engine trains on the logits
 *     before it; the exported model ends in it again)
 * @param channelsLast whether the release took its images as (batch, height, width, channels), as
 *     TensorFlow's exports do (the engine runs them as (batch, channels, height, width); the exported
 *     model takes them as the release did)
 */
public record OnnxInterface(
        String inputName, String outputName, int opset, boolean softmaxOutput, boolean channelsLast) {
    /** The interface of a model.json bundle exported to ONNX. */
    public static final OnnxInterface DEFAULT = new OnnxInterface("input", "logits", 13, false, false);
}
