package dev.pruneline.core.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics stored in model.json and reports.
 *
 * @param accuracy top-1 accuracy on the test split
 * @param parameters trainable parameters
 * @param nonzeroParameters non-zero trainable parameters
 * @param macs MACs per image (dense)
 * @param nonzeroMacs MACs of non-zero weights per image
 * @param sparsity share of conv/linear weights that are zero
 * @param bundleBytes size of the bundle's files on disk, 0 when not yet written
 * @param energyMicrojoules estimated energy per image in microjoules ({@link EnergyModel})
 */
public record BundleMetrics(
        double accuracy,
        long parameters,
        long nonzeroParameters,
        long macs,
        long nonzeroMacs,
        double sparsity,
        long bundleBytes,
        double energyMicrojoules) {

    /** Metrics from a measured accuracy and a cost. */
    public static BundleMetrics of(double accuracy, ModelCost cost, long bundleBytes) {
        return new BundleMetrics(
                accuracy,
                cost.parameters(),
                cost.nonzeroParameters(),
                cost.macs(),
                cost.nonzeroMacs(),
                cost.sparsity(),
                bundleBytes,
                cost.energyMicrojoules());
    }

    /** A copy with the bundle size. */
    public BundleMetrics withBundleBytes(long bytes) {
        return new BundleMetrics(
                accuracy, parameters, nonzeroParameters, macs, nonzeroMacs, sparsity, bytes, energyMicrojoules);
    }

    /** The snake_case map written into model.json {@code metrics}. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("parameters", parameters);
        m.put("nonzero_parameters", nonzeroParameters);
        m.put("macs", macs);
        m.put("nonzero_macs", nonzeroMacs);
        m.put("sparsity", sparsity);
        m.put("energy", energyMicrojoules);
        if (bundleBytes > 0) {
            m.put("bundle_bytes", bundleBytes);
        }
        return m;
    }

    /** Size in bytes of the regular files in a folder (a bundle). */
    public static long folderBytes(Path dir) {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
