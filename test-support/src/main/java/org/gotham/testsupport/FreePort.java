package org.gotham.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

/** A port nobody listens on right now, so tests and benchmarks never collide with a stack on 8080/8081/9000. */
public final class FreePort {

    /** The ports {@code ./run.sh} and Compose use by default: never handed out, even when free at the moment. */
    private static final Set<Integer> RESERVED = Set.of(8080, 8081, 9000);

    private FreePort() {}

    public static int next() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (!RESERVED.contains(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
