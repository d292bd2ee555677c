package org.sagademo.inventory.clients;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault suite tells the cases apart by name and the answers by order id: a repeated one would hide a case. */
class BadInputListsTest {

    @Test
    void poisonMessagesHaveDistinctNamesAndOrders() {
        List<PoisonMessage> all = PoisonMessage.all();
        assertEquals(all.size(), Set.copyOf(all.stream().map(PoisonMessage::name).toList()).size());
        List<String> orders = all.stream().map(PoisonMessage::orderId).filter(Objects::nonNull).toList();
        assertEquals(orders.size(), Set.copyOf(orders).size());
    }

    @Test
    void aPoisonMessageThatIsAnsweredNamesItsOrder() {
        PoisonMessage.all().stream().filter(poison -> poison.fate().failed())
                .forEach(poison -> assertTrue(poison.orderId() != null, poison.name()));
    }

    @Test
    void badRequestsHaveDistinctNamesAndAreHttp11() {
        List<BadRequest> all = BadRequest.all();
        assertEquals(all.size(), Set.copyOf(all.stream().map(BadRequest::name).toList()).size());
        all.forEach(request -> assertTrue(request.in("s1").matches("(?s)[A-Z]+ /\\S* HTTP/1\\.1\r\n(.*\r\n)?\r\n.*"), request.name()));
        assertEquals(BadRequest.BAD_SEED_BODIES.size(), Set.copyOf(BadRequest.BAD_SEED_BODIES).size());
        assertEquals(BadRequest.MALFORMED_SESSIONS.size(), Set.copyOf(BadRequest.MALFORMED_SESSIONS).size());
    }
}
