package org.sagademo.inventory.bench;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits a pod gives the service, as Kubernetes writes them: memory ("256M", "1G") and CPU in millicores
 * ("200m") or cores ("1"); 0 for no limit. "none" or "unlimited": no limit at all (the machine's 2 cores).
 */
record Envelope(String label, long memoryBytes, int milliCpus) {

    private static final Pattern LIMITS = Pattern.compile("(\\d+)([MG])/(\\d+)(m?)");

    /** A comma-separated list, e.g. "256M/200m,512M/1000m,none". */
    static List<Envelope> list(String spec) {
        return Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Envelope::parse).toList();
    }

    static Envelope parse(String spec) {
        if (spec.equals("none") || spec.equals("unlimited")) {
            return new Envelope("unlimited", 0, 0);
        }
        Matcher m = LIMITS.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an envelope (e.g. 256M/200m, 1G/1, none): " + spec);
        }
        long memory = Long.parseLong(m.group(1)) << (m.group(2).equals("G") ? 30 : 20);
        int milliCpus = Integer.parseInt(m.group(3)) * (m.group(4).isEmpty() ? 1000 : 1);
        return new Envelope(spec, memory, milliCpus);
    }

    boolean unlimited() {
        return memoryBytes == 0 && milliCpus == 0;
    }

    /** The original's Kubernetes limits for inventory-service: the envelope issue 22's first targets are for. */
    boolean original() {
        return memoryBytes == 256L << 20 && milliCpus == 200;
    }

    String describe() {
        if (unlimited()) {
            return "no limits (the machine's cores)";
        }
        return (memoryBytes == 0 ? "no memory limit" : "memory limit " + (memoryBytes >> 20) + " MiB")
                + (milliCpus == 0 ? ", no CPU quota" : ", CPU quota " + milliCpus + "m");
    }
}
