package dev.firstpass.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/** Finds and checks ports on 127.0.0.1 before the broker binds them. */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port that was free a moment ago; the broker binds it right after, so a clash is unlikely. */
    static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** A free port other than the {@code taken} ones, so the broker's listeners never collide. */
    static int anyFreeExcept(int... taken) {
        while (true) {
            int port = anyFree();
            if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
    }

    /**
     * Throws a message naming the port when something already listens on it; Kafka's own bind error is
     * buried in a long stack trace and leaves half-started threads behind.
     */
    static void requireFree(int port, String role) {
        try (ServerSocket socket = new ServerSocket()) {
            // Matches the broker's own bind, so a port held only in TIME_WAIT after a restart counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(ServerProperties.HOST, port), 1);
        } catch (IOException e) {
            throw new BrokerStartException(role + " port " + port + " on " + ServerProperties.HOST
                    + " is already in use (" + e.getMessage() + ")", e);
        }
    }
}
