/**
 * What every feature stands on: session ids, JSON errors for every HTTP failure, request limits, CORS,
 * schema migrations, readiness. Uses no other package of the service.
 */
package org.sagademo.inventory.platform;
