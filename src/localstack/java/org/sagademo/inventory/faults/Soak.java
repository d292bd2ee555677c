package org.sagademo.inventory.faults;

import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.localstack.Poll;
import org.sagademo.inventory.localstack.Rows;
import org.sagademo.inventory.localstack.ServiceStack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * A long run at a steady share of peak with every incoming event type ({@link OrderMix}), reservations
 * expiring after a short time to live, and one kill -9 of the service half way, restarted at once. Every
 * minute it prints the service's {@link VitalSigns}; at the end, what {@link SoakLedger} finds must be zero
 * and the vital signs must be {@link Flatness flat}. Not in the default scenario list, nor in mvn verify.
 */
final class Soak {

    /**
     * How long and how hard: FAULT_SOAK_MINUTES, FAULT_SOAK_RATE (orders a second; 100 with their payments and
     * cancellations is about 170 events a second, half the reserve peak of bench/README.md), FAULT_SOAK_TTL_SECONDS,
     * FAULT_SOAK_WARMUP_MINUTES.
     */
    record Plan(int minutes, double ordersPerSecond, Duration ttl, int warmupMinutes) {
        static Plan fromEnvironment() {
            int minutes = Integer.parseInt(System.getenv().getOrDefault("FAULT_SOAK_MINUTES", "30"));
            return new Plan(minutes, Double.parseDouble(System.getenv().getOrDefault("FAULT_SOAK_RATE", "100")),
                    Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("FAULT_SOAK_TTL_SECONDS", "10"))),
                    Integer.parseInt(System.getenv().getOrDefault("FAULT_SOAK_WARMUP_MINUTES",
                            String.valueOf(Math.max(1, Math.min(3, minutes / 8))))));
        }
    }

    /** How long the service may take, once the orders stop, to answer the rest and expire what is left. */
    private static final long SETTLE_TIMEOUT = 600_000;
    private static final Duration KEEP_PENDING = Duration.ofDays(1);

    private final ServiceStack stack;
    private final Traffic traffic;
    private final Api api;
    private final Rows rows;

    Soak(ServiceStack stack, Traffic traffic) {
        this.stack = stack;
        this.traffic = traffic;
        this.api = new Api(stack.http(""));
        this.rows = new Rows(stack.ports.db());
    }

    FaultRow run(Plan plan) throws Exception {
        restartWithTtl(plan.ttl());
        try {
            return soak(plan);
        } finally {
            restartWithTtl(KEEP_PENDING);
        }
    }

    private FaultRow soak(Plan plan) throws Exception {
        OrderMix mix = new OrderMix("fault-soak-" + UUID.randomUUID().toString().substring(0, 8));
        if (api.post("/inventory/reset", mix.session(), mix.catalogue()).status() != 200) {
            throw new IllegalStateException("could not seed " + mix.session());
        }
        String answersOf = mix.session() + "/";
        Checkup checkup = new Checkup(stack, traffic, () -> traffic.total(answersOf));
        int killAfter = plan.minutes() / 2;
        List<VitalSigns> minutes = new ArrayList<>();
        System.out.printf(Locale.ROOT, "soak: %d minutes, %.0f orders/s, reservations expire after %d s, kill -9 after minute %d%n",
                plan.minutes(), plan.ordersPerSecond(), plan.ttl().toSeconds(), killAfter);
        System.out.println(VitalSigns.HEADER);
        // the probe reads a session of its own: the soak's grows by the minute, and so would the cost of its stats
        try (FaultScenarios.HttpProbe probe = new FaultScenarios.HttpProbe(api, mix.session() + "-probe");
             SteadyLoad load = new SteadyLoad(traffic, mix, plan.ordersPerSecond())) {
            long start = System.nanoTime();
            load.start();
            for (int minute = 1; minute <= plan.minutes(); minute++) {
                awaitTime(start + Duration.ofMinutes(minute).toNanos());
                VitalSigns signs = checkup.take(minute);
                if (minute == killAfter) {
                    long killed = System.nanoTime();
                    stack.killInstance(0);
                    stack.restartInstance(0);
                    signs = signs.withRemark(String.format(Locale.ROOT, "then kill -9, serving again after %.0f s",
                            (System.nanoTime() - killed) / 1e9));
                }
                minutes.add(signs);
                System.out.println(signs.markdown());
            }
            int orders = load.stopOrders();
            long stopped = System.nanoTime();
            boolean settled = Poll.until(() -> settled(mix, orders, answersOf), SETTLE_TIMEOUT);
            long settling = System.nanoTime() - stopped;
            Poll.pause(2_000);
            long backlog = traffic.serviceBacklog();
            VitalSigns after = checkup.take((int) Duration.ofNanos(System.nanoTime() - start).toMinutes())
                    .withRemark("after the orders stopped and all settled");
            System.out.println(after.markdown());
            SoakLedger ledger = SoakLedger.of(traffic, mix, orders, stack.ports.db());
            Flatness flatness = new Flatness(minutes, killAfter, plan.warmupMinutes(), stack.consumers, plan.ordersPerSecond());
            List<String> unmet = new ArrayList<>(flatness.unmet());
            if (!settled) {
                unmet.add("not settled " + SETTLE_TIMEOUT / 1000 + " s after the last order");
            }
            if (backlog != 0) {
                unmet.add("order-events still holds " + backlog + " once settled");
            }
            if (ledger.wrong() > 0) {
                unmet.add(ledger.wrong() + " answers the order's fate does not allow");
            }
            long sent = IntStream.range(0, orders).mapToLong(i -> OrderMix.fate(i).reserves()
                    && OrderMix.fate(i) != OrderMix.Fate.ABANDONED ? 2 : 1).sum();
            String note = String.format(Locale.ROOT, "%d orders in %d min, %.0f/s; paid after expiry %d; answers "
                            + "without their row %d; stock not seed less confirmed %d; settled %.0f s after the last order; %s",
                    orders, plan.minutes(), orders / (plan.minutes() * 60.0), ledger.paidAfterExpiry(), ledger.unbacked(),
                    ledger.stockMismatches(), settling / 1e9, flatness.note());
            return new FaultRow(String.format(Locale.ROOT, "soak %d min at %.0f orders/s, kill -9 half way", plan.minutes(),
                    plan.ordersPerSecond()), sent, traffic.total(answersOf), ledger.lost() + ledger.unbacked(),
                    ledger.duplicated(), ledger.oversold(),
                    rows.invariantViolations(mix.session()).size() + ledger.stockMismatches(), probe.serverErrors(), note, unmet);
        }
    }

    /**
     * Every order answered, none still PENDING, and as many answers as the rows call for: one per order,
     * one more per RELEASED reservation.
     */
    private boolean settled(OrderMix mix, int orders, String answersOf) {
        if (traffic.answered(answersOf) < orders || rows.reservations(mix.session(), "PENDING") > 0) {
            return false;
        }
        return traffic.total(answersOf) >= orders + rows.reservations(mix.session(), "RELEASED");
    }

    private void restartWithTtl(Duration ttl) throws Exception {
        stack.reservationTtl(ttl);
        stack.restartGracefully(0);
    }

    /** Pacing by the clock: the checkups fall on whole minutes from the start. */
    private static void awaitTime(long nanoTime) {
        for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
