package dev.pruneline.core.bundle;

import java.nio.file.Path;
import java.util.List;

/**
 * What ingest needs to know about an uploaded bundle after it passed validation.
 *
 * @param name model name from model.json
 * @param version version from model.json, may be null
 * @param datasetName dataset name from model.json, may be null
 * @param parameters total parameter count
 * @param nonzeroParameters parameters that are not exactly zero
 * @param layers number of layers in the graph
 * @param inputShape {@code [channels, height, width]} of one input
 */
public record BundleInspection(
        String name,
        String version,
        String datasetName,
        long parameters,
        long nonzeroParameters,
        int layers,
        List<Integer> inputShape) {

    /**
     * Loads and fully validates a bundle folder or zip archive.
     *
     * @throws BundleException with a message naming the problem
     */
    public static BundleInspection validate(Path bundle) {
        return of(ModelBundle.load(bundle));
    }

    /** Summary of an already loaded bundle. */
    public static BundleInspection of(ModelBundle b) {
        long params = 0;
        long nonzero = 0;
        for (Tensor t : b.tensors().values()) {
            params += t.data().length;
            nonzero += t.data().length - t.zeroCount();
        }
        ModelSpec s = b.spec();
        return new BundleInspection(
                s.name(),
                s.version(),
                s.datasetName(),
                params,
                nonzero,
                s.layers().size(),
                s.inputShape());
    }
}
