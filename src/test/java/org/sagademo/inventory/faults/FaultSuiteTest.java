package org.sagademo.inventory.faults;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which scenarios a run takes, before anything starts. */
class FaultSuiteTest {

    @Test
    void anUnknownScenarioNameFailsTheRun() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> FaultSuite.chosen(Set.of("crash", "db-crsh")));
        assertTrue(failure.getMessage().contains("db-crsh"), failure.getMessage());
    }

    @Test
    void namedScenariosRunInTheSuitesOrder() {
        assertEquals(List.of("poison", "crash"), names(Set.of("crash", "poison")));
        assertEquals(List.of("soak"), names(Set.of("soak")));
    }

    @Test
    void withoutNamesAllRunButTheSoak() {
        List<String> all = names(Set.of());
        assertFalse(all.contains("soak"));
        assertEquals(FaultSuite.SCENARIOS.size() - 1, all.size());
    }

    private static List<String> names(Set<String> asked) {
        return FaultSuite.chosen(asked).stream().map(FaultSuite.Scenario::name).toList();
    }
}
