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
 */
public record OnnxInterface(String inputName, String outputName, int opset, boolean softmaxOutput) {
    /** The interface of a model.json bundle exported to ONNX. */
    public static final OnnxInterface DEFAULT = new OnnxInterface("input", "logits", 13, false);
}
