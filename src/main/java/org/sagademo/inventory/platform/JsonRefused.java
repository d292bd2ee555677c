package org.sagademo.inventory.platform;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Locale;

/**
 * A 406 for an {@code Accept} that refuses JSON by a quality of 0 ({@code application/json;q=0}; RFC 9110: "not
 * acceptable"), which the runtime's matching serves JSON to all the same. The most specific range that takes JSON
 * decides ({@code application/json} before {@code application/*} before any type); an {@code Accept} without any is
 * the runtime's 406 already, and one it cannot parse its 400.
 */
@Provider
public class JsonRefused implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> accept = request.getHeaders().get(HttpHeaders.ACCEPT);
        if (accept != null && qualityOfJson(String.join(",", accept)) == 0) {
            throw new NotAcceptableException("the Accept header refuses application/json, the only type served here");
        }
    }

    /** The quality the most specific range that takes JSON gives it; -1 where none takes it. */
    static double qualityOfJson(String accept) {
        int specificity = -1;
        double quality = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            int rangeSpecificity = specificityForJson(parts[0].trim().toLowerCase(Locale.ROOT));
            if (rangeSpecificity > specificity) {
                specificity = rangeSpecificity;
                quality = quality(parts);
            } else if (rangeSpecificity == specificity && specificity >= 0) {
                quality = Math.max(quality, quality(parts));
            }
        }
        return quality;
    }

    /** 2 for application/json, 1 for application/*, 0 for any type; -1 for a range that does not take JSON. */
    private static int specificityForJson(String mediaRange) {
        return switch (mediaRange) {
            case "application/json" -> 2;
            case "application/*" -> 1;
            case "*/*" -> 0;
            default -> -1;
        };
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("q")) {
                try {
                    return Double.parseDouble(parameter[1].trim());
                } catch (NumberFormatException unreadable) {
                    return 1; // the runtime refuses it with a 400 before this filter runs
                }
            }
        }
        return 1;
    }
}
