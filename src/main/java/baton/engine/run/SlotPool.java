package baton.engine.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Concurrency slots, shared by every run that draws on the same limit (the runs of one batch).
 * A freed slot wakes the coordinators that share the pool.
 */
public final class SlotPool {
    private final int size;
    private int used;
    private final List<Runnable> onFree = new CopyOnWriteArrayList<>();

    public SlotPool(int size) {
        if (size < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        this.size = size;
    }

    public int size() {
        return size;
    }

    public synchronized boolean tryAcquire() {
        if (used >= size) return false;
        used++;
        return true;
    }

    /** Frees a slot and wakes the other runs sharing the pool ({@code by} frees it and goes on by itself). */
    public void release(Runnable by) {
        synchronized (this) {
            used--;
        }
        for (Runnable r : onFree) if (r != by) r.run();
    }

    void onFree(Runnable r) {
        onFree.add(r);
    }

    void removeOnFree(Runnable r) {
        onFree.remove(r);
    }
}
