package frontier.simulate.event;

import java.util.Arrays;

/**
 * Events ordered by (time, insertion sequence): ties resolve in the order events were scheduled,
 * so a run is deterministic. A binary heap over parallel arrays: no wrapper object per entry.
 */
public final class EventQueue {
    private long[] time = new long[256];
    private long[] seq = new long[256];
    private Event[] events = new Event[256];
    private int size;
    private long nextSeq;

    public void schedule(long atNs, Event e) {
        if (size == time.length) {
            int cap = size * 2;
            time = Arrays.copyOf(time, cap);
            seq = Arrays.copyOf(seq, cap);
            events = Arrays.copyOf(events, cap);
        }
        int i = size++;
        long s = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(atNs, s, time[parent], seq[parent])) break;
            time[i] = time[parent];
            seq[i] = seq[parent];
            events[i] = events[parent];
            i = parent;
        }
        time[i] = atNs;
        seq[i] = s;
        events[i] = e;
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    public boolean isEmpty() { return size == 0; }

    public int size() { return size; }

    /** Time of the earliest event; Long.MAX_VALUE when empty. */
    public long peekTime() { return size == 0 ? Long.MAX_VALUE : time[0]; }

    /** Removes the earliest event; its time is {@link #peekTime()} before the call. */
    public Event poll() {
        Event top = events[0];
        int last = --size;
        long t = time[last], s = seq[last];
        Event e = events[last];
        events[last] = null;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && before(time[child + 1], seq[child + 1], time[child], seq[child])) child++;
            if (!before(time[child], seq[child], t, s)) break;
            time[i] = time[child];
            seq[i] = seq[child];
            events[i] = events[child];
            i = child;
        }
        if (size > 0) {
            time[i] = t;
            seq[i] = s;
            events[i] = e;
        }
        return top;
    }
}
