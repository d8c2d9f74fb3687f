package dev.pruneline.core.engine;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.pruneline.core.CompressionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * libtorch's process-wide backend switches, the same as Python's {@code torch.backends.mkldnn.enabled}
 * and {@code torch._nnpack_available}: {@code at::globalContext().setUserEnabledMkldnn(b)} and
 * {@code setUserEnabledNNPACK(b)}. DJL has no API for them, so the exported C++ symbols of the
 * already loaded {@code libtorch_cpu.so} are called through JNA.
 */
final class TorchSwitches {
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String GET_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";
    private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String GET_NNPACK = "_ZNK2at7Context17userEnabledNNPACKEv";

    private TorchSwitches() {}

    /** Sets the oneDNN switch and returns the value read back from libtorch. */
    static boolean setOneDnn(boolean enabled) {
        return set(SET_MKLDNN, GET_MKLDNN, enabled);
    }

    /**
     * Sets the NNPACK switch and returns the value read back. With it on, libtorch tries NNPACK for
     * every convolution oneDNN does not take, and on CPUs NNPACK does not support it logs
     * "Could not initialize NNPACK" each time.
     */
    static boolean setNnpack(boolean enabled) {
        return set(SET_NNPACK, GET_NNPACK, enabled);
    }

    private static boolean set(String setter, String getter, boolean enabled) {
        NativeLibrary lib = NativeLibrary.getInstance(libTorchCpu().toString());
        Pointer ctx = (Pointer) lib.getFunction(GLOBAL_CONTEXT).invoke(Pointer.class, new Object[0]);
        lib.getFunction(setter).invoke(Void.class, new Object[] {ctx, enabled});
        return (lib.getFunction(getter).invokeInt(new Object[] {ctx}) & 0xff) != 0;
    }

    /** The libtorch_cpu.so the engine loaded, found in this process's memory map or DJL's cache. */
    static Path libTorchCpu() {
        return fromMaps()
                .or(TorchSwitches::fromDjl)
                .orElseThrow(() -> new CompressionException(
                        "cannot find libtorch_cpu.so to set its backend switches; set pruneline.engine.onednn=on to"
                                + " skip them"));
    }

    private static Optional<Path> fromMaps() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(Math.max(0, l.indexOf('/'))))
                    .filter(l -> l.endsWith("/libtorch_cpu.so") && l.startsWith("/"))
                    .map(Path::of)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> fromDjl() {
        try {
            Path p = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()).resolve("libtorch_cpu.so");
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
