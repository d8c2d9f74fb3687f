-- Each stage's output model by format: the bundle zip ('pruneline') and, from bundles that hold one, its model.onnx
-- alone ('onnx'). The bundle stays in candidates.bundle_* as well; its 'pruneline' row is the same object.
CREATE TABLE candidate_artifacts (
    release_id        VARCHAR(64)  NOT NULL,
    stage             VARCHAR(16)  NOT NULL,               -- pruned, retrained
    format            VARCHAR(16)  NOT NULL,               -- pruneline, onnx
    artifact_key      VARCHAR(500) NOT NULL,
    artifact_sha256   VARCHAR(64)  NOT NULL,
    artifact_size     BIGINT       NOT NULL,
    PRIMARY KEY (release_id, stage, format),
    CONSTRAINT candidate_artifacts_candidate FOREIGN KEY (release_id, stage) REFERENCES candidates (release_id, stage)
);

-- Candidates recorded before this table: their bundle is their one artifact.
INSERT INTO candidate_artifacts (release_id, stage, format, artifact_key, artifact_sha256, artifact_size)
SELECT release_id, stage, 'pruneline', bundle_key, bundle_sha256, bundle_size FROM candidates;
