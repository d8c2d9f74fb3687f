package dev.pruneline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, for servers that must know their port before they bind. */
final class LocalPorts {

    private LocalPorts() {}

    /**
     * A port that was free on 127.0.0.1 a moment ago. Another process may take it before the caller binds it;
     * the kernel hands out ephemeral ports in rotation, so that is rare.
     */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** {@code port} itself, or a free port when it is 0. */
    static int orFree(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port == 0 ? free() : port;
    }
}
