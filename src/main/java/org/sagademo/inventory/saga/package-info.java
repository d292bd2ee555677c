/**
 * The service's part in the saga: the incoming queue's listener, each event applied once (processed
 * events), the answers sent after the commit, dead letters, metrics and logs of each outcome. Uses
 * {@code reservation}, {@code inventory} and {@code platform}; nothing uses it.
 */
package org.sagademo.inventory.saga;
