package dev.pruneline.core.bundle;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A named float32 tensor held in Java memory (row-major). Arrays are shared, not copied: treat a
 * tensor as read-only unless you made it.
 *
 * @param name parameter name, e.g. {@code conv1.weight}
 * @param shape dimensions
 * @param data values, {@code data.length == product(shape)}
 */
public record Tensor(String name, int[] shape, float[] data) {

    public Tensor {
        long n = elementCount(shape);
        if (n != data.length) {
            throw new BundleException(
                    "tensor " + name + ": shape " + shapeText(shape) + " needs " + n + " values, found " + data.length);
        }
    }

    /** Product of the dimensions. */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Shape written as {@code (16,6,5,5)}. */
    public static String shapeText(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(",", "(", ")"));
    }

    /** Number of non-finite (NaN or infinite) values. */
    public int nonFiniteCount() {
        int bad = 0;
        for (float v : data) {
            if (!Float.isFinite(v)) {
                bad++;
            }
        }
        return bad;
    }

    /** Number of values that are exactly zero. */
    public long zeroCount() {
        long z = 0;
        for (float v : data) {
            if (v == 0f) {
                z++;
            }
        }
        return z;
    }

    /** A copy with fresh arrays. */
    public Tensor copy() {
        return new Tensor(name, shape.clone(), data.clone());
    }

    /** Whether name, shape and every value (bitwise) are equal. */
    public boolean sameAs(Tensor other) {
        return name.equals(other.name) && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }
}
