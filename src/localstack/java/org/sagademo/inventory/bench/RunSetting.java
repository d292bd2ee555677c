package org.sagademo.inventory.bench;

/** A benchmark's setting from its environment variable; unset or blank (as {@code NAME= bench/run} gives it): the default. */
final class RunSetting {

    private RunSetting() {
    }

    static String text(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static int number(String name, int fallback) {
        return Integer.parseInt(text(name, String.valueOf(fallback)));
    }
}
