package io.shardbridge.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A database server that can be switched off and on for a test: a TCP port on 127.0.0.1 that either
 * refuses connections (nothing listens) or forwards each one to the real server. Switching it off also
 * drops the connections it forwards, as a server restart would.
 */
public final class TcpForwarder implements AutoCloseable {
    private final int port;
    private final int serverPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private ServerSocket listening;

    private TcpForwarder(int port, int serverPort) {
        this.port = port;
        this.serverPort = serverPort;
    }

    /** A forwarder to the server on {@code serverPort}, refusing connections until {@link #accept()}. */
    public static TcpForwarder refusing(int serverPort) throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return new TcpForwarder(probe.getLocalPort(), serverPort);
        }
    }

    public int port() {
        return port;
    }

    public synchronized void accept() throws IOException {
        if (listening != null) {
            return;
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        listening = server;
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket("127.0.0.1", serverPort);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed by refuse(), or the server is gone: the client sees its connection fail
                }
            }
        }, "tcp-forwarder-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public synchronized void refuse() {
        if (listening != null) {
            closeQuietly(listening);
            listening = null;
        }
        open.forEach(TcpForwarder::closeQuietly);
        open.clear();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-forwarder-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        refuse();
    }
}
