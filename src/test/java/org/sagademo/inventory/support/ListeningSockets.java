package org.sagademo.inventory.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The TCP ports a process listens on, from Linux's /proc: what a server exposes, whichever library opened it. */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    private record Listener(InetSocketAddress address, String inode) {
    }

    private ListeningSockets() {
    }

    /** The addresses on which the process that listens on {@code port} listens. */
    public static List<InetSocketAddress> ofProcessListeningOn(int port) {
        List<Listener> listeners = listeners();
        Set<String> inodes = listeners.stream().filter(l -> l.address().getPort() == port).map(Listener::inode)
                .collect(Collectors.toSet());
        Set<String> processSockets = processes().map(ListeningSockets::socketInodes)
                .filter(sockets -> sockets.stream().anyMatch(inodes::contains)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no process of this user listens on port " + port));
        return listeners.stream().filter(l -> processSockets.contains(l.inode())).map(Listener::address).toList();
    }

    private static List<Listener> listeners() {
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : read(Path.of(table)).stream().skip(1).toList()) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals(LISTEN)) {
                    listeners.add(new Listener(address(fields[1]), fields[9]));
                }
            }
        }
        return listeners;
    }

    /** /proc's "0100007F:0CEA": the address as 32-bit words in the machine's (little-endian) order, the port in hex. */
    private static InetSocketAddress address(String hex) {
        String[] parts = hex.split(":");
        byte[] bytes = new byte[parts[0].length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int word = i / 4 * 4;
            int byteInWord = 3 - i % 4;
            bytes[i] = (byte) Integer.parseInt(parts[0].substring((word + byteInWord) * 2, (word + byteInWord) * 2 + 2), 16);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(hex, e);
        }
    }

    private static Stream<Path> processes() {
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            return proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The inodes of a process's sockets (its file descriptors "socket:[inode]"); none if it is gone or not ours. */
    private static Set<String> socketInodes(Path process) {
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            return fds.map(ListeningSockets::linkTarget).filter(t -> t.startsWith("socket:["))
                    .map(t -> t.substring("socket:[".length(), t.length() - 1)).collect(Collectors.toSet());
        } catch (IOException | SecurityException e) {
            return Set.of();
        }
    }

    private static String linkTarget(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
