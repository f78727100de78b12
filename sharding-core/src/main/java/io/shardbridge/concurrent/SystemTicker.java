package io.shardbridge.concurrent;

import java.util.concurrent.TimeUnit;

/** {@link Ticker#system()}: the JVM's monotonic and wall clocks, and a real sleep. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public void waitNanos(Object monitor, long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
        }
    }
}
