package org.sagademo.inventory.saga;

import java.util.UUID;

/**
 * An outgoing event, its JSON serialised once and the id it is sent under. The JSON and the id are
 * recorded with the event that caused the answer: a re-sent answer goes out exactly as recorded, under
 * the same id, and the broker's duplicate detection drops it if the first copy got through.
 */
record Answer(OutgoingEvent event, String json, String id) {

    static Answer of(OutgoingEvent event) {
        return of(event, "inventory-answer:" + UUID.randomUUID());
    }

    static Answer of(OutgoingEvent event, String id) {
        return new Answer(event, event.toJson(), id);
    }

    static Answer recorded(String json, String id) {
        return new Answer(OutgoingEvent.fromJson(json), json, id);
    }
}
