package dev.pruneline.core.data;

import java.util.List;

/**
 * A model's input normalization applied to pixel bytes: {@code (x / 255 - mean[c]) / std[c]} for channel c. One
 * mean/std value stands for every channel; otherwise there is one per channel.
 */
public final class ChannelNormalization {
    private final float[][] table;

    private ChannelNormalization(float[][] table) {
        this.table = table;
    }

    /**
     * The normalization of {@code channels}-channel images.
     *
     * @param owner what the values belong to, for messages (e.g. {@code model 'lenet5'})
     * @throws DataException when mean or std holds neither one value nor one per channel
     */
    public static ChannelNormalization of(String owner, List<Double> mean, List<Double> std, int channels) {
        for (List<Double> values : List.of(mean, std)) {
            if (values.size() != 1 && values.size() != channels) {
                throw new DataException(owner + ": the normalization has " + mean.size() + " mean and " + std.size()
                        + " std values but the images have " + channels + " channels; give 1 value (used for every"
                        + " channel) or " + channels + " (one per channel)");
            }
        }
        float[][] table = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            float m = mean.get(mean.size() == 1 ? 0 : c).floatValue();
            float s = std.get(std.size() == 1 ? 0 : c).floatValue();
            for (int v = 0; v < 256; v++) {
                table[c][v] = (v / 255f - m) / s;
            }
        }
        return new ChannelNormalization(table);
    }

    /** Number of channels. */
    public int channels() {
        return table.length;
    }

    /** The normalised value of pixel byte {@code pixel} in channel {@code channel}. */
    public float apply(int channel, byte pixel) {
        return table[channel][pixel & 0xff];
    }
}
