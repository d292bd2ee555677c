package org.sagademo.inventory.support;

import org.sagademo.inventory.clients.Api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/** The service's application metrics as Prometheus text, read over HTTP from {@code /metrics}. */
public final class PrometheusMetrics {

    private final Api api;
    private final URI metrics;

    public PrometheusMetrics(URI service) {
        this.api = new Api(service);
        this.metrics = service.resolve("/metrics?scope=application");
    }

    /** The sum of the samples of a metric whose labels include all of the given ones (0 if none yet). */
    public double value(String name, Map<String, String> labels) {
        Api.Reply reply = api.send(HttpRequest.newBuilder(metrics).header("accept", "text/plain"));
        if (reply.status() != 200) {
            throw new IllegalStateException("/metrics answered " + reply.status() + ": " + reply.body());
        }
        return reply.body().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> labels.entrySet().stream().allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\"")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
