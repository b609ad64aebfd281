package plugin.websockets_native.codec;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A raw DEFLATE inflate stream over {@link Inflater} (nowrap): the NativeInflateStream of
 * ts/codec/native.ts, which adds the permessage-deflate rules (budgets, size limit, 00 00 ff ff).
 *
 * java.util.zip takes no window size: it inflates with zlib's full 32 KiB window, which reads every
 * stream made with a smaller one.
 */
public final class ZipInflateStream implements CodecStream {
    /** What {@link #pull} came to. */
    public enum State { FULL, DRAINED, ENDED }

    /** The output of one pull and how it stopped. */
    public static final class Pulled {
        public final byte[] data;
        public final State state;

        Pulled(byte[] data, State state) {
            this.data = data;
            this.state = state;
        }
    }

    private final Inflater inflater = new Inflater(true);
    /** The array last given to setInput: Inflater keeps only a reference and a count of what is left. */
    private byte[] input = new byte[0];
    private boolean ended;

    /** Adds compressed bytes after what is still unread. */
    public void push(byte[] data) {
        int remaining = inflater.getRemaining();
        byte[] joined = new byte[remaining + data.length];
        System.arraycopy(input, input.length - remaining, joined, 0, remaining);
        System.arraycopy(data, 0, joined, remaining, data.length);
        input = joined;
        inflater.setInput(joined);
    }

    /** At most {@code max} bytes of output; throws DataFormatException on invalid data. */
    public Pulled pull(int max) throws DataFormatException {
        byte[] out = new byte[max];
        int total = 0;
        State state = State.DRAINED;
        if (!ended) {
            while (total < max) {
                int n = inflater.inflate(out, total, max - total);
                total += n;
                if (inflater.finished()) {
                    // A final block ended the stream: what follows it in the message is dropped.
                    ended = true;
                    break;
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
        }
        if (ended) {
            state = State.ENDED;
        } else if (total == max) {
            state = State.FULL;
        }
        byte[] data = new byte[total];
        System.arraycopy(out, 0, data, 0, total);
        return new Pulled(data, state);
    }

    /** Forgets the window, for no context takeover (and after a final block). */
    public void reset() {
        inflater.reset();
        input = new byte[0];
        ended = false;
    }

    public void close() {
        inflater.end();
    }
}
