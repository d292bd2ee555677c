package org.sagademo.inventory.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A closed-loop load: {@code connections} clients each sending the next request when the last answers.
 * With wrk installed (Debian: apt-get install wrk) wrk drives it, two threads as in the performance
 * anchors; otherwise a Java client does, at several times wrk's CPU per request.
 */
final class HttpLoad {

    /**
     * @param perSecond answers per second that were 2xx and came within wrk's 2 s: a fast error is not a served request
     *                  (a lower bound where an answer was both late and an error, which wrk counts as both)
     * @param p99       with late answers, a lower bound: at least 2 s once they are 1 % of the requests
     * @param late      answers after wrk's 2 s (counted in {@code errors}), which wrk leaves out of its percentiles
     * @param cpu       CPU used during the measured seconds
     */
    record Figures(String endpoint, String client, int connections, double perSecond, double p50, double p99,
                   long errors, long requests, long late, CpuUse cpu) {

        String p99Text() {
            return String.format(Locale.ROOT, "%s%.1f ms", late == 0 ? "" : "≥ ", p99);
        }
    }

    private static final Path WRK = Path.of("/usr/bin/wrk");
    private static final int WARM_UP_SECONDS = 3;

    /** Measured after a few seconds of the same load that are not. */
    static Figures run(URI uri, String session, int connections, int seconds, long servicePid, long brokerPid) throws Exception {
        warmUp(uri, session, connections, WARM_UP_SECONDS);
        return measure(uri, session, connections, seconds, servicePid, brokerPid);
    }

    /** Measured from the first request: a window of a cold start. */
    static Figures measure(URI uri, String session, int connections, int seconds, long servicePid, long brokerPid) throws Exception {
        return Files.isExecutable(WRK) ? wrk(uri, session, connections, seconds, servicePid, brokerPid)
                : javaClient(uri, session, connections, seconds, servicePid, brokerPid);
    }

    /** Load that is not measured: lets the JIT compile the request path. */
    static void warmUp(URI uri, String session, int connections, int seconds) throws Exception {
        if (Files.isExecutable(WRK)) {
            wrkOutput(uri, session, connections, seconds);
        } else {
            javaClient(uri, session, connections, seconds);
        }
    }

    private static Figures wrk(URI uri, String session, int connections, int seconds, long servicePid, long brokerPid) throws Exception {
        CpuUse start = CpuUse.now(servicePid, brokerPid);
        String out = wrkOutput(uri, session, connections, seconds);
        CpuUse cpu = CpuUse.now(servicePid, brokerPid).since(start);
        long requests = (long) number(out, "(\\d+) requests in");
        long failed = (long) number(out, "Non-2xx or 3xx responses: (\\d+)");
        long[] socket = socketErrors(out);
        long late = socket[3];
        long served = Math.max(0, requests - failed - late);
        double perSecond = requests == 0 ? 0 : number(out, "Requests/sec:\\s+([0-9.]+)") * served / requests;
        long errors = failed + Arrays.stream(socket).sum();
        double p99 = late * 100 >= requests ? Math.max(2_000, wrkMillis(out, "99%")) : wrkMillis(out, "99%");
        return new Figures(uri.getPath(), "wrk", connections, perSecond, wrkMillis(out, "50%"), p99, errors, requests, late, cpu);
    }

    private static String wrkOutput(URI uri, String session, int connections, int seconds) throws Exception {
        Process wrk = new ProcessBuilder(WRK.toString(), "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-H", "x-session-id: " + session, uri.toString()).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        return out;
    }

    /**
     * wrk's socket errors: refused connections, broken ones (read, write), and answers after wrk's timeout (2 s),
     * which wrk counts among its requests.
     */
    private static long[] socketErrors(String out) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        return m.find() ? IntStream.rangeClosed(1, 4).mapToLong(group -> Long.parseLong(m.group(group))).toArray() : new long[4];
    }

    /** A latency percentile line of wrk's distribution ("99%   12.34ms"), in milliseconds. */
    private static double wrkMillis(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Figures javaClient(URI uri, String session, int connections, int seconds, long servicePid, long brokerPid) throws Exception {
        CpuUse start = CpuUse.now(servicePid, brokerPid);
        Samples samples = javaClient(uri, session, connections, seconds);
        CpuUse cpu = CpuUse.now(servicePid, brokerPid).since(start);
        long[] latencies = samples.sortedLatencies();
        return new Figures(uri.getPath(), "Java HttpClient", connections, (latencies.length - samples.errors()) / (double) seconds,
                millis(latencies, 50), millis(latencies, 99), samples.errors(), latencies.length, 0, cpu);
    }

    /** Latencies in nanoseconds, sorted, and how many answers were not 200. */
    private record Samples(long[] sortedLatencies, long errors) {
    }

    private static Samples javaClient(URI uri, String session, int connections, int seconds) throws Exception {
        // HTTP/1.1: otherwise the client multiplexes every request over one h2c connection
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("x-session-id", session).build();
        AtomicLong errors = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            results.add(clients.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    long took = System.nanoTime() - start;
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            for (long latency : result.get()) {
                all.add(latency);
            }
        }
        clients.shutdown();
        return new Samples(all.stream().mapToLong(Long::longValue).sorted().toArray(), errors.get());
    }

    private static double millis(long[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1] / 1e6;
    }
}
