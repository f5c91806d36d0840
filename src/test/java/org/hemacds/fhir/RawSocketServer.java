package org.hemacds.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP server on a raw {@link ServerSocket} (loopback), for faults a well-behaved
 * server library cannot produce: accepting and never answering, closing in the middle of a body,
 * trickling a body forever, resetting the connection, or never accepting at all. Records when each
 * client connection was closed by the client, to check that the service lets go of it.
 */
public final class RawSocketServer implements AutoCloseable {

  /** What the server does with each connection. */
  public enum Fault {
    /** Accepts, reads the request, never writes a byte. */
    ACCEPT_AND_NEVER_ANSWER,
    /** Sends headers announcing 4000 bytes, 100 bytes of JSON, then closes. */
    CLOSE_MID_BODY,
    /** Sends headers and then one byte of body every 100 ms, without end. */
    TRICKLE_FOREVER,
    /** Accepts and resets the connection (RST) at once. */
    RESET,
    /** Never calls accept(): the kernel completes the handshake, nobody reads. */
    NEVER_ACCEPT
  }

  private final ServerSocket server;
  private final Fault fault;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger closedByClient = new AtomicInteger();
  private volatile boolean running = true;

  public RawSocketServer(Fault fault) throws IOException {
    this.fault = fault;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    if (fault != Fault.NEVER_ACCEPT) {
      Thread acceptor = new Thread(this::acceptLoop, "raw-server-" + fault);
      acceptor.setDaemon(true);
      acceptor.start();
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/fhir";
  }

  public int connections() {
    return connections.get();
  }

  /** Connections the client (the service) closed while this server was still holding them. */
  public int closedByClient() {
    return closedByClient.get();
  }

  private void acceptLoop() {
    while (running) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        clients.add(socket);
        Thread handler = new Thread(() -> handle(socket), "raw-conn");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket socket) {
    try {
      switch (fault) {
        case RESET -> {
          socket.setSoLinger(true, 0);
          socket.close();
        }
        case ACCEPT_AND_NEVER_ANSWER -> {
          readHeaders(socket.getInputStream());
          waitForClientClose(socket);
        }
        case CLOSE_MID_BODY -> {
          readHeaders(socket.getInputStream());
          OutputStream out = socket.getOutputStream();
          out.write(headers(4000));
          out.write(
              "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"Obs"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          socket.close();
        }
        case TRICKLE_FOREVER -> {
          readHeaders(socket.getInputStream());
          OutputStream out = socket.getOutputStream();
          out.write(headers(10_000_000));
          out.flush();
          while (running) {
            out.write(' ');
            out.flush();
            TimeUnit.MILLISECONDS.sleep(100);
          }
        }
        case NEVER_ACCEPT -> {}
      }
    } catch (IOException e) {
      // Writing failed: the client has closed the connection.
      closedByClient.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void waitForClientClose(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    while (running) {
      if (in.read() == -1) {
        closedByClient.incrementAndGet();
        return;
      }
    }
  }

  private static byte[] headers(int contentLength) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: "
            + contentLength
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    server.close();
    for (Socket client : clients) {
      client.close();
    }
  }
}
