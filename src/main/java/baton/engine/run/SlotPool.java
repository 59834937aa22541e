package baton.engine.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Concurrency slots, shared by every run that draws on the same limit (the runs of one batch).
 * A freed slot wakes the coordinators that share the pool.
 */
public final class SlotPool {
    private int size;
    private int used;
    /** The machine's budget this pool also draws on (the service's max_jobs), or null. */
    private final SlotPool parent;
    private final List<Runnable> onFree = new CopyOnWriteArrayList<>();

    public SlotPool(int size) {
        this(size, null);
    }

    /** A pool whose every slot also takes one of {@code parent}'s: a run's limit inside the machine's. */
    public SlotPool(int size, SlotPool parent) {
        if (size < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        this.size = size;
        this.parent = parent;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized int used() {
        return used;
    }

    /** A new size (the service's max_jobs changed): slots in use stay taken; more start as they fit. */
    public void resize(int newSize) {
        if (newSize < 1) throw new IllegalArgumentException("a limit of jobs must be at least 1");
        synchronized (this) {
            size = newSize;
        }
        for (Runnable r : onFree) r.run();
    }

    /** Takes a slot even when none is free: a job adopted from a Baton that died runs already, whatever the limit. */
    synchronized void takeAnyway() {
        used++;
        if (parent != null) parent.takeAnyway();
    }

    public synchronized boolean tryAcquire() {
        if (used >= size) return false;
        if (parent != null && !parent.tryAcquire()) return false;
        used++;
        return true;
    }

    /** Frees a slot and wakes the other runs sharing the pool ({@code by} frees it and goes on by itself). */
    public void release(Runnable by) {
        synchronized (this) {
            used--;
        }
        if (parent != null) parent.release(by);
        for (Runnable r : onFree) if (r != by) r.run();
    }

    void onFree(Runnable r) {
        onFree.add(r);
        if (parent != null) parent.onFree(r);
    }

    void removeOnFree(Runnable r) {
        onFree.remove(r);
        if (parent != null) parent.removeOnFree(r);
    }
}
