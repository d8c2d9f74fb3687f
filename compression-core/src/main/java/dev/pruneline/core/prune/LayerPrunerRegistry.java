package dev.pruneline.core.prune;

import dev.pruneline.core.bundle.LayerType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The {@link LayerPruner} of each layer kind that channel surgery can edit. */
public final class LayerPrunerRegistry {
    private static final Map<LayerType, LayerPruner> PRUNERS = new EnumMap<>(LayerType.class);

    static {
        for (LayerPruner p : List.of(WeightLayerPruner.conv(), WeightLayerPruner.linear(), new BatchNormPruner())) {
            PRUNERS.put(p.kind(), p);
        }
    }

    private LayerPrunerRegistry() {}

    /** The pruner of a layer kind. */
    public static LayerPruner get(LayerType type) {
        LayerPruner p = PRUNERS.get(type);
        if (p == null) {
            throw new PruneException("no channel surgery for layers of type '" + type.jsonName() + "'");
        }
        return p;
    }
}
