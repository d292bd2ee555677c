import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for a Payara Micro start (PayaraMicroProcessTest): the first start answers 404 on every path, as Payara
 * Micro does when its deployment failed; a start after it (the file {@code args[1]} exists) answers 200, unless
 * {@code args[2]} is "always" (a deployment that fails every time).
 */
public class PayaraWithoutTheWar {
    public static void main(String[] args) throws Exception {
        Path started = Path.of(args[1]);
        boolean alwaysFails = args.length > 2 && args[2].equals("always");
        int status = Files.exists(started) && !alwaysFails ? 200 : 404;
        Files.writeString(started, "started");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }
}
