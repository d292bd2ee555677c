package org.sagademo.inventory.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback between the service and one backing service (PostgreSQL, the broker), so that
 * the suite can break the network between them while both ends keep running. {@link #cut} resets every
 * connection and every new one, as a peer that went away does; {@link #silence} keeps every connection
 * open (and accepts new ones) but carries nothing, as a partition that drops packets does; {@link #heal}
 * carries traffic again, and what was held back flows on, as TCP retransmits it once a partition heals.
 */
final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private enum State { FORWARDING, CUT, SILENT }

    private final ServerSocket listener;
    private final int target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private State state = State.FORWARDING;

    private TcpProxy(ServerSocket listener, int target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free loopback port and forwards to the target port on loopback. */
    static TcpProxy to(int target) throws IOException {
        ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        TcpProxy proxy = new TcpProxy(listener, target);
        daemon("proxy to " + target, proxy::accept).start();
        return proxy;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection, and every new one until {@link #heal}. */
    void cut() {
        enter(State.CUT);
        links.forEach(Link::reset);
    }

    /** Carries nothing in either direction until {@link #heal}; connections stay open, new ones are accepted. */
    void silence() {
        enter(State.SILENT);
    }

    void heal() {
        enter(State.FORWARDING);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        heal();
        links.forEach(Link::reset);
    }

    private void enter(State next) {
        synchronized (gate) {
            state = next;
            gate.notifyAll();
        }
    }

    private State state() {
        synchronized (gate) {
            return state;
        }
    }

    /** Waits while the link is silent: bytes and ends of stream cross only when traffic flows. */
    private void awaitTraffic() {
        synchronized (gate) {
            while (state == State.SILENT) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (state() == State.CUT) {
                reset(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), CONNECT_TIMEOUT_MILLIS);
                Link link = new Link(client, upstream);
                links.add(link);
                if (state() == State.CUT) { // cut while connecting: cut() may not have seen this link
                    link.reset();
                } else {
                    link.start();
                }
            } catch (IOException e) {
                reset(client); // the target is down: the client sees what it would see without the proxy
            }
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Closes with a TCP reset rather than an orderly end of stream. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** One client connection and its connection to the target, a thread per direction. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            daemon("proxy " + client.getPort() + " -> " + target, () -> pump(client, upstream)).start();
            daemon("proxy " + client.getPort() + " <- " + target, () -> pump(upstream, client)).start();
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    awaitTraffic();
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // reset by one end or by cut(): the link ends either way
            }
            awaitTraffic(); // an end crosses a partition no sooner than bytes do
            close();
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }

        void reset() {
            links.remove(this);
            TcpProxy.reset(client);
            TcpProxy.reset(upstream);
        }
    }
}
