package org.sagademo.inventory.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * Whether PostgreSQL answers now: a connection from the pool (a new one gives up after the pool's 3 s login timeout;
 * with every connection in use, it waits for one) that passes its check within 2 s.
 */
@ApplicationScoped
public class DatabaseProbe {

    @Resource(lookup = "jdbc/inventory")
    DataSource database;

    public boolean answers() {
        try (Connection connection = database.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
