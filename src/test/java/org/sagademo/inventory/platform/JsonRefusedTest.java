package org.sagademo.inventory.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonRefusedTest {

    /** The most specific range that takes JSON decides what JSON is worth; -1: no range takes it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json;q=0|0",
            "application/json; q=0.0, text/html|0",
            "Application/JSON;charset=utf-8;q=0|0",
            "*/*, application/json;q=0|0",
            "application/*;q=0, */*|0",
            "application/json, */*;q=0|1",
            "application/*;q=0, application/json;q=0.5|0.5",
            "text/html, */*;q=0.1|0.1",
            "*/*|1",
            "text/html|-1",
            "application/xml;q=0|-1"})
    void theMostSpecificRangeDecides(String accept, double quality) {
        assertEquals(quality, JsonRefused.qualityOfJson(accept));
    }
}
