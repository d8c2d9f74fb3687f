package dev.pruneline.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files with {@code javax.imageio} (PNG, JPEG, BMP, GIF) into channel-major bytes, and converts them
 * between grey-scale and RGB and between sizes (bilinear).
 */
final class ImageFiles {
    /** The most pixels one image may declare: its header is checked before anything is decoded. */
    static final long MAX_PIXELS = 50_000_000;

    private ImageFiles() {}

    /**
     * A decoded image.
     *
     * @param channels 1 (grey-scale) or 3 (R, G, B)
     * @param pixels {@code channels x rows x cols} bytes, channel-major
     */
    record Picture(int channels, int rows, int cols, byte[] pixels) {}

    /** Decodes one file; its first frame for an animated GIF. */
    static Picture decode(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DataException("cannot open image " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(file + " is not an image javax.imageio can read (PNG, JPEG, BMP or GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                    throw new DataException(file + " declares " + width + "x" + height + " pixels; images of up to "
                            + MAX_PIXELS + " pixels are read");
                }
                return picture(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            // image decoders throw unchecked exceptions (IllegalArgumentException, IndexOutOfBounds...) on damaged data
            throw new DataException("cannot decode image " + file + ": " + e, e);
        }
    }

    static Picture picture(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // the raster's own values: getRGB would pass them through a linear-to-sRGB conversion
            Raster raster = img.getRaster();
            int bits = raster.getSampleModel().getSampleSize(0);
            int max = (1 << bits) - 1;
            byte[] out = new byte[w * h];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) (bits == 8 ? row[x] : Math.round(row[x] * 255f / max));
                }
            }
            return new Picture(1, h, w, out);
        }
        boolean grey = img.getColorModel() instanceof IndexColorModel palette && greyPalette(palette);
        int plane = w * h;
        byte[] out = new byte[(grey ? 1 : 3) * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int argb = row[x];
                out[p] = (byte) (argb >> 16);
                if (!grey) {
                    out[plane + p] = (byte) (argb >> 8);
                    out[2 * plane + p] = (byte) argb;
                }
            }
        }
        return new Picture(grey ? 1 : 3, h, w, out);
    }

    private static boolean greyPalette(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            int r = palette.getRed(i);
            if (r != palette.getGreen(i) || r != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The picture with {@code channels} channels and {@code rows x cols} pixels: grey is copied into R, G and B; RGB
     * becomes grey as ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B); a different size is resampled bilinearly.
     */
    static byte[] fit(Picture p, int channels, int rows, int cols) {
        byte[] px = p.pixels();
        int plane = p.rows() * p.cols();
        if (channels == 3 && p.channels() == 1) {
            byte[] rgb = new byte[3 * plane];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(px, 0, rgb, c * plane, plane);
            }
            px = rgb;
        } else if (channels == 1 && p.channels() == 3) {
            byte[] luma = new byte[plane];
            for (int i = 0; i < plane; i++) {
                double v = 0.299 * (px[i] & 0xff) + 0.587 * (px[plane + i] & 0xff) + 0.114 * (px[2 * plane + i] & 0xff);
                luma[i] = (byte) Math.round(v);
            }
            px = luma;
        }
        if (rows == p.rows() && cols == p.cols()) {
            return px;
        }
        return resize(px, channels, p.rows(), p.cols(), rows, cols);
    }

    /** Bilinear resampling of each plane, sampling at pixel centres (edges clamped). */
    static byte[] resize(byte[] src, int channels, int h, int w, int rows, int cols) {
        byte[] out = new byte[channels * rows * cols];
        for (int y = 0; y < rows; y++) {
            double sy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / rows - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < cols; x++) {
                double sx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / cols - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                for (int c = 0; c < channels; c++) {
                    int base = c * h * w;
                    double top = (src[base + y0 * w + x0] & 0xff) * (1 - fx) + (src[base + y0 * w + x1] & 0xff) * fx;
                    double bottom = (src[base + y1 * w + x0] & 0xff) * (1 - fx) + (src[base + y1 * w + x1] & 0xff) * fx;
                    out[c * rows * cols + y * cols + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }
}
