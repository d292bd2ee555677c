package org.sagademo.inventory.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The order and payment services at a steady pace: new orders on a fixed schedule (order {@code n} is
 * due {@code n / rate} seconds after the start, so a publisher that fell behind catches up), and for each
 * INVENTORY_RESERVED that arrives, what the order's fate sends next, as soon as it arrives.
 */
final class SteadyLoad implements AutoCloseable {

    private static final int ORDER_PUBLISHERS = 2;
    private static final int FOLLOW_UP_PUBLISHERS = 2;
    /** Tells a follow-up publisher to stop. */
    private static final int DONE = -1;

    private final Traffic traffic;
    private final OrderMix mix;
    private final double ordersPerSecond;
    private final AtomicInteger nextOrder = new AtomicInteger();
    private final BlockingQueue<Integer> reserved = new LinkedBlockingQueue<>();
    private final List<Thread> orderPublishers = new ArrayList<>();
    private final List<Thread> followUpPublishers = new ArrayList<>();
    private final AutoCloseable listening;
    private volatile boolean ordering = true;
    private long startNanos;

    SteadyLoad(Traffic traffic, OrderMix mix, double ordersPerSecond) {
        this.traffic = traffic;
        this.mix = mix;
        this.ordersPerSecond = ordersPerSecond;
        listening = traffic.onAnswer(answer -> {
            int order = OrderMix.order(answer.orderId());
            if (mix.session().equals(answer.sessionId()) && "INVENTORY_RESERVED".equals(answer.type()) && order >= 0) {
                reserved.add(order);
            }
        });
    }

    void start() {
        startNanos = System.nanoTime();
        for (int i = 0; i < ORDER_PUBLISHERS; i++) {
            orderPublishers.add(started(new Thread(this::publishOrders, "soak-orders-" + i)));
        }
        for (int i = 0; i < FOLLOW_UP_PUBLISHERS; i++) {
            followUpPublishers.add(started(new Thread(this::publishFollowUps, "soak-payments-" + i)));
        }
    }

    private static Thread started(Thread thread) {
        thread.start();
        return thread;
    }

    /** No new orders from now on; returns how many were published (orders 0 to that, all of them). */
    int stopOrders() throws InterruptedException {
        ordering = false;
        for (Thread publisher : orderPublishers) {
            publisher.join();
        }
        return nextOrder.get();
    }

    private void publishOrders() {
        while (ordering) {
            int order = nextOrder.getAndIncrement();
            long due = startNanos + (long) (order * 1e9 / ordersPerSecond);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            traffic.publish(mix.created(order));
        }
    }

    private void publishFollowUps() {
        try {
            for (int order = reserved.take(); order != DONE; order = reserved.take()) {
                mix.afterReserved(order).ifPresent(traffic::publish);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening, lets the follow-ups already due go out, then stops their publishers. */
    @Override
    public void close() throws Exception {
        listening.close();
        for (int i = 0; i < FOLLOW_UP_PUBLISHERS; i++) {
            reserved.add(DONE);
        }
        for (Thread publisher : followUpPublishers) {
            publisher.join();
        }
    }
}
