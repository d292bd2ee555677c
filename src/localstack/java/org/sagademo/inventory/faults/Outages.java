package org.sagademo.inventory.faults;

import org.sagademo.inventory.localstack.Poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Network outages caused on purpose, each on one proxied link for a while, and how the service went
 * through each: {@code /health/ready} must say DOWN during it and UP after it, and the broker must count
 * every consumer of the service again (an adapter that reconnects can leave consumers dead: Payara #2386).
 */
final class Outages {

    /** How long the service may take to be whole again once the network has healed. */
    private static final long RECOVERY_TIMEOUT = 120_000;

    /** When an outage began and was healed, and how long after healing every consumer was back (if it was). */
    private record Outage(String name, long from, long until, OptionalLong consumersBack) {
    }

    private final HealthLog readiness;
    private final Traffic traffic;
    private final int consumers;
    private final List<Outage> outages = new ArrayList<>();

    Outages(HealthLog readiness, Traffic traffic, int consumers) {
        this.readiness = readiness;
        this.traffic = traffic;
        this.consumers = consumers;
    }

    /** Resets every connection of the link, and new ones, for a while. */
    FaultScenarios.Fault cut(String link, TcpProxy proxy, long millis) {
        return outage(link + " cut " + millis / 1000 + " s", proxy::cut, proxy, millis);
    }

    /** Carries nothing over the link for a while; its connections stay open. */
    FaultScenarios.Fault silence(String link, TcpProxy proxy, long millis) {
        return outage(link + " silent " + millis / 1000 + " s", proxy::silence, proxy, millis);
    }

    /** Breaks, waits, heals, then waits until the service says it is ready and has every consumer again. */
    private FaultScenarios.Fault outage(String name, Runnable breaking, TcpProxy proxy, long millis) {
        return () -> {
            long from = System.currentTimeMillis();
            System.err.println(Instant.ofEpochMilli(from) + " " + name);
            breaking.run();
            Poll.pause(millis);
            proxy.heal();
            long until = System.currentTimeMillis();
            System.err.println(Instant.ofEpochMilli(until) + " healed");
            Poll.until(() -> readiness.upAfter(until).isPresent(), RECOVERY_TIMEOUT);
            boolean whole = Poll.until(() -> traffic.serviceConsumers() == consumers, RECOVERY_TIMEOUT);
            outages.add(new Outage(name, from, until,
                    whole ? OptionalLong.of(System.currentTimeMillis() - until) : OptionalLong.empty()));
        };
    }

    /** What did not hold: readiness DOWN during each outage and UP after it, every consumer back. */
    List<String> unmet() {
        List<String> unmet = new ArrayList<>();
        for (Outage outage : outages) {
            if (readiness.downWithin(outage.from(), outage.until()).isEmpty()) {
                unmet.add("readiness not DOWN during " + outage.name());
            }
            if (readiness.upAfter(outage.until()).isEmpty()) {
                unmet.add("readiness not UP again after " + outage.name());
            }
            if (outage.consumersBack().isEmpty()) {
                unmet.add("not every consumer back after " + outage.name());
            }
        }
        return unmet;
    }

    /** For each outage, how long until readiness said DOWN; after healing, how long until it said UP, answers came and every consumer was back. */
    String note() {
        return outages.stream().map(o -> String.format(Locale.ROOT,
                        "%s: DOWN after %s; UP %s, answers %s, %d consumers %s after healing", o.name(),
                        seconds(readiness.downWithin(o.from(), o.until())), seconds(readiness.upAfter(o.until())),
                        seconds(traffic.firstAnswerAfter(o.until())), consumers, seconds(o.consumersBack())))
                .collect(Collectors.joining("; "));
    }

    private static String seconds(OptionalLong millis) {
        return millis.isPresent() ? String.format(Locale.ROOT, "%.1f s", millis.getAsLong() / 1000.0) : "never";
    }
}
