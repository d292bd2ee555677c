package org.sagademo.inventory.localstack;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server started a few seconds later, chosen below Linux's ephemeral range (32768 and up): a port the
 * kernel hands out for {@code bind(0)} is also what it hands out as the source port of an outgoing connection, and
 * one of the hundreds made meanwhile (JDBC, the broker, HTTP clients) could hold it when the server binds it.
 */
public final class FreePort {

    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;

    private FreePort() {
    }

    /** A random port of 20000-31999 that nothing on loopback listens on now. */
    public static int pick() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (SmokeReport.free(port)) {
                return port;
            }
        }
        throw new IOException("no free port within " + LOWEST + "-" + (HIGHEST - 1) + " in 100 tries");
    }
}
