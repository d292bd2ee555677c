package org.sagademo.inventory.support;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A test class run against the WAR on a managed Payara Micro, with real PostgreSQL and Artemis. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({RealInfrastructure.class, ArquillianExtension.class})
public @interface InventoryServiceTest {
}
