package plugin.websockets_native;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import plugin.websockets_native.transport.ByteStream;

/**
 * The streams Lua has opened and not closed yet, so that the end of the runtime can close them
 * (Lua will never call close() on them once its state is gone). Thread-safe: streams come and go
 * on the Corona thread, while onExiting may arrive on another.
 */
final class OpenStreams {
    private final Set<ByteStream> streams = new LinkedHashSet<>();

    synchronized void add(ByteStream stream) {
        streams.add(stream);
    }

    synchronized void remove(ByteStream stream) {
        streams.remove(stream);
    }

    void closeAll() {
        List<ByteStream> all;
        synchronized (this) {
            all = new ArrayList<>(streams);
            streams.clear();
        }
        for (ByteStream stream : all) {
            stream.close();
        }
    }
}
