package dev.pruneline.pipeline.event;

import java.util.List;
import java.util.Objects;

/**
 * One file a stage produced for a model, in one format: the pruneline bundle archive, or the same model as an ONNX
 * file that ONNX Runtime runs.
 *
 * @param format    {@value #PRUNELINE} (zip of model.json, weights.safetensors and model.onnx) or {@value #ONNX}
 *                  (model.onnx alone)
 * @param key       object key in the bucket
 * @param sha256    lowercase hex SHA-256 of the object's bytes
 * @param sizeBytes object size in bytes
 */
public record ModelArtifact(String format, String key, String sha256, long sizeBytes) {

    /** The bundle archive, as the workers read it. */
    public static final String PRUNELINE = "pruneline";
    /** The model as one ONNX file. */
    public static final String ONNX = "onnx";
    /** Every format a stage may list, the default first. */
    public static final List<String> FORMATS = List.of(PRUNELINE, ONNX);

    public ModelArtifact {
        Objects.requireNonNull(format, "format");
        new ArtifactRef(key, sha256, sizeBytes); // same checks as any artifact reference
    }

    /** The artifact {@code ref} in {@code format}. */
    public static ModelArtifact of(String format, ArtifactRef ref) {
        return new ModelArtifact(format, ref.key(), ref.sha256(), ref.sizeBytes());
    }

    /** Where the artifact lives, as a plain reference (to download it). */
    public ArtifactRef ref() {
        return new ArtifactRef(key, sha256, sizeBytes);
    }

    /**
     * A stage's artifacts as listed by its event; an event written before the list existed ({@code artifacts} null)
     * has its bundle as its only, {@value #PRUNELINE}, artifact.
     */
    public static List<ModelArtifact> listed(List<ModelArtifact> artifacts, ArtifactRef bundle) {
        if (artifacts != null && !artifacts.isEmpty()) {
            return List.copyOf(artifacts);
        }
        return bundle == null ? List.of() : List.of(of(PRUNELINE, bundle));
    }
}
