/**
 * The service's clients as the tests, the benchmark, the fault suite and the smoke runs play them: the
 * saga's other services on the broker ({@link org.sagademo.inventory.clients.SagaBroker}) with the events
 * they send ({@link org.sagademo.inventory.clients.SagaMessages}), and a caller of the HTTP API. Uses
 * nothing else of this project, so that the test support, the local stack and its tools can all use it.
 */
package org.sagademo.inventory.clients;
