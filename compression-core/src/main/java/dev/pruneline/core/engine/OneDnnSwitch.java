package dev.pruneline.core.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.pruneline.core.CompressionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns libtorch's oneDNN (mkldnn) backend on or off for the whole process, the same switch as
 * Python's {@code torch.backends.mkldnn.enabled}: {@code at::globalContext().setUserEnabledMkldnn(b)}.
 * DJL has no API for it, so the exported C++ symbols of the already loaded {@code libtorch_cpu.so}
 * are called through JNA.
 */
final class OneDnnSwitch {
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String GET_ENABLED = "_ZNK2at7Context17userEnabledMkldnnEv";

    private OneDnnSwitch() {
    }

    /** Sets the switch and returns the value read back from libtorch. */
    static boolean set(boolean enabled) {
        NativeLibrary lib = NativeLibrary.getInstance(libTorchCpu().toString());
        Pointer ctx = (Pointer) lib.getFunction(GLOBAL_CONTEXT).invoke(Pointer.class, new Object[0]);
        lib.getFunction(SET_ENABLED).invoke(Void.class, new Object[] {ctx, enabled});
        return get(lib, ctx);
    }

    private static boolean get(NativeLibrary lib, Pointer ctx) {
        Function f = lib.getFunction(GET_ENABLED);
        return (f.invokeInt(new Object[] {ctx}) & 0xff) != 0;
    }

    /** The libtorch_cpu.so the engine loaded, found in this process's memory map or DJL's cache. */
    static Path libTorchCpu() {
        return fromMaps().or(OneDnnSwitch::fromDjl).orElseThrow(() -> new CompressionException(
                "cannot find libtorch_cpu.so to switch oneDNN off; set pruneline.engine.onednn=on to skip the"
                        + " switch, or ONEDNN_MAX_CPU_ISA=SSE41 in the environment"));
    }

    private static Optional<Path> fromMaps() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(Math.max(0, l.indexOf('/'))))
                    .filter(l -> l.endsWith("/libtorch_cpu.so") && l.startsWith("/"))
                    .map(Path::of).findFirst();
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
