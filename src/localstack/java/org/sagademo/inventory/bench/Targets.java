package org.sagademo.inventory.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets of an issue (the benchmark's: "Speed on durable storage"; the envelope run's: issue 22), each printed
 * with the measured figure and met / not met. The original service's figures, measured side by side, are in brackets.
 */
final class Targets {

    private final List<String> lines = new ArrayList<>();

    void atLeast(String target, double measured, double goal, String unit) {
        add(target, measured >= goal, String.format(Locale.ROOT, "%.0f %s (target >= %.0f)", measured, unit, goal));
    }

    void atMost(String target, double measured, double goal, String unit) {
        String format = goal < 10 ? "%.2f %s (target <= %.2f)" : "%.0f %s (target <= %.0f)";
        add(target, measured <= goal, String.format(Locale.ROOT, format, measured, unit, goal));
    }

    void notMeasured(String target, String why) {
        lines.add("| " + target + " | not measured: " + why + " | - |");
    }

    /** A target whose figure is not a number to compare: met or not as the caller judged. */
    void add(String target, boolean met, String figure) {
        lines.add("| " + target + " | " + figure + " | " + (met ? "met" : "NOT MET") + " |");
    }

    List<String> table() {
        List<String> table = new ArrayList<>(List.of("", "| target | measured | |", "| --- | --- | --- |"));
        table.addAll(lines);
        return table;
    }
}
