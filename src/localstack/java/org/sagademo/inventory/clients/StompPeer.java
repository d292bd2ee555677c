package org.sagademo.inventory.clients;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A saga peer that speaks STOMP to the broker, as the contract allows, written out frame by frame (no client
 * library), 1.2 unless said otherwise: a SEND with a {@code content-length} header reaches a JMS consumer as a BytesMessage, without one as a
 * TextMessage (Artemis' mapping).
 */
public final class StompPeer {

    private StompPeer() {
    }

    /** Sends one event to an anycast queue and waits for the broker's receipt. */
    public static void send(int port, String queue, String json, boolean withContentLength) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            frame(out, "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:" + SagaBroker.USER + "\npasscode:"
                    + SagaBroker.PASSWORD + "\n\n");
            expect(in, "CONNECTED");
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            frame(out, "SEND\ndestination:" + queue + "\ndestination-type:ANYCAST\ncontent-type:application/json\nreceipt:sent\n"
                    + (withContentLength ? "content-length:" + body.length + "\n" : "") + "\n" + json);
            expect(in, "RECEIPT");
            frame(out, "DISCONNECT\n\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Receives one message of the session from an anycast queue as a STOMP 1.0 consumer (no {@code accept-version}),
     * whose headers the broker writes unescaped: the MESSAGE frame as it came, up to its NUL.
     */
    public static String receiveAsStomp10(int port, String queue, String session) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            frame(out, "CONNECT\nlogin:" + SagaBroker.USER + "\npasscode:" + SagaBroker.PASSWORD + "\n\n");
            expect(in, "CONNECTED");
            frame(out, "SUBSCRIBE\ndestination:" + queue + "\nsubscription-type:ANYCAST\nack:auto\nselector:sessionId = '"
                    + session + "'\n\n");
            String message = readFrame(in);
            frame(out, "DISCONNECT\n\n");
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void frame(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.flush();
    }

    /** Reads one frame up to its NUL and checks its command. */
    private static void expect(InputStream in, String command) throws IOException {
        String received = readFrame(in);
        if (!received.startsWith(command + "\n")) {
            throw new IOException("expected " + command + ", got " + received);
        }
    }

    /** One frame up to its NUL, heart-beat newlines before it skipped. */
    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0; b = in.read()) {
            if (b < 0) {
                throw new IOException("the broker closed the connection; so far: " + frame);
            }
            if (frame.size() > 0 || b != '\n') {
                frame.write(b);
            }
        }
        return frame.toString(StandardCharsets.UTF_8);
    }
}
