package org.sagademo.inventory.support;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URI;
import java.net.URL;

/** The WAR the build produced, deployed as-is: tests exercise exactly what ships. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive inventoryService() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("inventory.war")));
    }

    /** Payara reports its first non-loopback address, but listens on loopback only. */
    public static URI onLoopback(URL deployed) {
        return URI.create("http://127.0.0.1:" + deployed.getPort() + deployed.getPath());
    }
}
