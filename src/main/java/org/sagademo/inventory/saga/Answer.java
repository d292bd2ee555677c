package org.sagademo.inventory.saga;

/**
 * An outgoing event and its JSON, serialised once: the JSON recorded in the database is the JSON sent,
 * and a re-sent event goes out exactly as it was recorded.
 */
record Answer(OutgoingEvent event, String json) {

    static Answer of(OutgoingEvent event) {
        return new Answer(event, event.toJson());
    }

    static Answer recorded(String json) {
        return new Answer(OutgoingEvent.fromJson(json), json);
    }
}
