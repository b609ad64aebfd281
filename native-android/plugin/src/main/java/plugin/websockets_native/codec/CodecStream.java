package plugin.websockets_native.codec;

/** What both directions of a codec stream can do: start a new context, and end. */
public interface CodecStream {
    /** Forgets the window (no context takeover), keeping the stream usable. */
    void reset();

    /** Frees the native zlib state; idempotent. */
    void close();
}
