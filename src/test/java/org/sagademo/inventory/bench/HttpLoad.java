package org.sagademo.inventory.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** A closed-loop load: {@code connections} clients each sending the next request when the last answers. */
final class HttpLoad {

    record Figures(String endpoint, int connections, double perSecond, double p50, double p99, long errors) {
    }

    static Figures run(URI uri, String session, int connections, int seconds) throws Exception {
        // HTTP/1.1: otherwise the client multiplexes every request over one h2c connection
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("x-session-id", session).build();
        AtomicLong errors = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        long warmUpEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmUpEnd + seconds * 1_000_000_000L;
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            results.add(clients.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    long took = System.nanoTime() - start;
                    if (start < warmUpEnd) {
                        continue;
                    }
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                    if (n == latencies.length) {
                        latencies = java.util.Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return java.util.Arrays.copyOf(latencies, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            for (long latency : result.get()) {
                all.add(latency);
            }
        }
        clients.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Figures(uri.getPath(), connections, sorted.length / (double) seconds,
                millis(sorted, 50), millis(sorted, 99), errors.get());
    }

    private static double millis(long[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1] / 1e6;
    }
}
