package io.shardbridge.examples.clinic;

import io.shardbridge.examples.walk.ServiceWalk;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small client-side balancer, as a service's callers have one: requests addressed to
 * {@code http://clinic/…} go round-robin to the instances in rotation. A rolling restart takes an
 * instance out of rotation, lets its in-flight requests finish, stops it, and puts the new one in. A
 * request whose connection is refused (nothing was sent) goes to the next instance.
 */
final class Balancer implements ServiceWalk.Transport {
    static final URI BASE = URI.create("http://clinic");

    /** One instance in rotation: its port and the requests it is answering. */
    static final class Instance {
        final int port;
        final AtomicInteger inFlight = new AtomicInteger();

        Instance(int port) {
            this.port = port;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Instance> rotation = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    Instance add(int port) {
        Instance instance = new Instance(port);
        rotation.add(instance);
        return instance;
    }

    /** Takes {@code instance} out of rotation and waits (at most 30 s) until it answers no request. */
    void drain(Instance instance) throws InterruptedException {
        rotation.remove(instance);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (instance.inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        ConnectException refused = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            List<Instance> now = List.copyOf(rotation);
            Instance instance = now.get(Math.floorMod(next.getAndIncrement(), now.size()));
            instance.inFlight.incrementAndGet();
            try {
                if (!rotation.contains(instance)) {
                    continue; // drained since it was picked: drain() may have seen no request in flight
                }
                URI uri = URI.create("http://127.0.0.1:" + instance.port + request.uri().getRawPath()
                        + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery()));
                return http.send(HttpRequest.newBuilder(request, (name, value) -> true).uri(uri).build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                refused = e;
            } finally {
                instance.inFlight.decrementAndGet();
            }
        }
        throw refused != null ? refused : new ConnectException("no instance in rotation");
    }
}
