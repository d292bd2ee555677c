package org.sagademo.inventory.faults;

import jakarta.json.Json;
import jakarta.json.JsonException;
import org.sagademo.inventory.localstack.Poll;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Asks a health check ({@code /health/ready}, {@code /health/live}) a few times a second and keeps every answer, so
 * that a scenario can tell whether the service said it was not ready while a part was out of reach, and when it was
 * ready again, or that it never said it was not live. A request that gets no answer within a few seconds, as an
 * orchestrator's probe would give up, counts as neither.
 */
final class HealthLog implements AutoCloseable {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    /** @param down the service's own DOWN: a 503 whose JSON says so, not the container's 503 while it stops */
    private record Answer(long sentAt, long answeredAt, int status, boolean down) {
    }

    /** HTTP/1.1, as a kubelet's probe asks. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_TIMEOUT).build();
    private final HttpRequest probe;
    private final String path;
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    HealthLog(URI check) {
        probe = HttpRequest.newBuilder(check).timeout(PROBE_TIMEOUT).build();
        path = check.getPath();
        thread = new Thread(this::poll, path + " probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Milliseconds from {@code from} until a request sent before {@code until} was answered DOWN, if one was. */
    OptionalLong downWithin(long from, long until) {
        return answers.stream().filter(a -> a.sentAt() >= from && a.sentAt() < until && a.down())
                .mapToLong(a -> a.answeredAt() - from).findFirst();
    }

    /** Milliseconds from {@code from} until a request sent then or later was answered UP (200), if one was. */
    OptionalLong upAfter(long from) {
        return answers.stream().filter(a -> a.sentAt() >= from && a.status() == 200)
                .mapToLong(a -> a.answeredAt() - from).findFirst();
    }

    private void poll() {
        int last = -1;
        while (running) {
            long sentAt = System.currentTimeMillis();
            Optional<HttpResponse<String>> answer = ask();
            long answeredAt = System.currentTimeMillis();
            int status = answer.map(HttpResponse::statusCode).orElse(0);
            answers.add(new Answer(sentAt, answeredAt, status, answer.filter(HealthLog::saysDown).isPresent()));
            if (status != last) {
                System.err.println(Instant.ofEpochMilli(answeredAt) + " " + path + " " + (status == 0 ? "no answer" : status)
                        + " (asked " + (answeredAt - sentAt) + " ms before)");
                last = status;
            }
            Poll.pause(Math.max(0, 250 - (System.currentTimeMillis() - sentAt)));
        }
    }

    /** The answer; empty when none came in time, or nothing listens. */
    private Optional<HttpResponse<String>> ask() {
        try {
            return Optional.of(client.send(probe, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean saysDown(HttpResponse<String> answer) {
        try {
            return answer.statusCode() == 503
                    && Json.createReader(new StringReader(answer.body())).readObject().getString("status", "").equals("DOWN");
        } catch (JsonException | ClassCastException notTheServices) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
