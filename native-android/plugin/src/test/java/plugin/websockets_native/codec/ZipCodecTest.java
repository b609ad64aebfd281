package plugin.websockets_native.codec;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * java.util.zip as the plugin's native codec, held to the codec vectors zlib made for this run
 * (test/codec/native-vectors.mjs, written by test.sh, the set of test/codec/vector-set.mjs that
 * vitest holds the pure and Node codecs to; the file is named by the system property
 * codec.vectors). Each vector is driven as ts/codec/native.ts drives a NativeInflateStream: the
 * pieces of a message pushed in turn, the last with 00 00 ff ff, pulls of a bounded size, the size
 * limit checked on every pull. Every kind the file holds must run, as many of each as its closing
 * C line declares.
 */
public class ZipCodecTest {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    static final class Vector {
        String name;
        int windowBits;
        boolean noContextTakeover;
        int maxMessageSize;
        String expect;
        final List<byte[]> messages = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
    }

    private static final List<Vector> VECTORS = new ArrayList<>();
    /** The kinds of vector, and how many of each the file declares (its closing C line). */
    private static final List<String> KINDS = Arrays.asList("ok", "error", "too-big", "truncated");
    private static final int[] DECLARED = {-1, -1, -1, -1};

    private static int count(String kind) {
        int n = 0;
        for (Vector v : VECTORS) {
            if (v.expect.equals(kind)) {
                n++;
            }
        }
        return n;
    }

    @BeforeClass
    public static void readVectors() throws IOException {
        String file = System.getProperty("codec.vectors");
        assertTrue("system property codec.vectors names the vectors file", file != null);
        Vector current = null;
        for (String line : Files.readAllLines(Paths.get(file), StandardCharsets.US_ASCII)) {
            if (line.startsWith("V ")) {
                String[] f = line.substring(2).split("\t");
                current = new Vector();
                current.name = f[0];
                current.windowBits = Integer.parseInt(f[1]);
                current.noContextTakeover = f[2].equals("1");
                current.maxMessageSize = Integer.parseInt(f[3]);
                current.expect = f[4];
            } else if (line.startsWith("M ")) {
                current.messages.add(hex(line.substring(2)));
            } else if (line.startsWith("P ")) {
                current.payloads.add(hex(line.substring(2)));
            } else if (line.equals("E")) {
                assertTrue(current.name + ": a known expectation", KINDS.contains(current.expect));
                VECTORS.add(current);
            } else if (line.startsWith("C ")) {
                String[] f = line.substring(2).split(" ");
                for (int k = 0; k < DECLARED.length; k++) {
                    DECLARED[k] = Integer.parseInt(f[k]);
                }
            }
        }
        for (int k = 0; k < KINDS.size(); k++) {
            assertEquals(KINDS.get(k) + " vectors read", DECLARED[k], count(KINDS.get(k)));
            assertTrue(KINDS.get(k) + " vectors present", DECLARED[k] > 0);
        }
        System.out.println("ZipCodecTest: " + VECTORS.size() + " vectors (" + count("ok") + " inflate, " + count("error")
                + " corrupt, " + count("too-big") + " bomb, " + count("truncated") + " truncated)");
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Outputs of the messages, then "error" or "too-big" if one failed; largest pull in [0]. */
    static List<Object> inflateAll(Vector v, List<byte[]> payloads, int pieceSize, int budget, int[] largest) {
        ZipInflateStream stream = new ZipInflateStream();
        List<Object> outcome = new ArrayList<>();
        try {
            for (byte[] payload : payloads) {
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                int step = pieceSize == 0 || payload.length == 0 ? Math.max(payload.length, 1) : pieceSize;
                for (int at = 0; at < Math.max(payload.length, 1); at += step) {
                    boolean last = at + step >= payload.length;
                    byte[] piece = Arrays.copyOfRange(payload, at, Math.min(payload.length, at + step));
                    stream.push(last ? concat(piece, TAIL) : piece);
                    while (true) {
                        int allowed = v.maxMessageSize - message.size();
                        ZipInflateStream.Pulled pulled = stream.pull(allowed < budget ? allowed + 1 : budget);
                        if (pulled.data.length > allowed) {
                            outcome.add("too-big");
                            return outcome;
                        }
                        largest[0] = Math.max(largest[0], pulled.data.length);
                        message.write(pulled.data, 0, pulled.data.length);
                        if (pulled.state == ZipInflateStream.State.FULL) {
                            continue;
                        }
                        if (!last && pulled.state == ZipInflateStream.State.DRAINED) {
                            break;
                        }
                        if (v.noContextTakeover || pulled.state == ZipInflateStream.State.ENDED) {
                            stream.reset();
                        }
                        break;
                    }
                }
                outcome.add(message.toByteArray());
            }
        } catch (DataFormatException e) {
            outcome.add("error");
        } finally {
            stream.close();
        }
        return outcome;
    }

    @Test
    public void inflatesZlibOutputInEverySettingWholeAndInPieces() {
        int ran = 0;
        for (Vector v : VECTORS) {
            if (!v.expect.equals("ok")) {
                continue;
            }
            for (int pieceSize : new int[] {0, 1, 1000}) {
                int[] largest = {0};
                List<Object> outcome = inflateAll(v, v.payloads, pieceSize, pieceSize == 1 ? 300 : 65536, largest);
                assertEquals(v.name, v.messages.size(), outcome.size());
                for (int i = 0; i < v.messages.size(); i++) {
                    assertArrayEquals(v.name + " #" + i + " pieces " + pieceSize, v.messages.get(i), (byte[]) outcome.get(i));
                }
                if (pieceSize == 1) {
                    assertTrue(v.name + ": one pull stays within its budget", largest[0] <= 300);
                }
            }
            ran++;
        }
        assertEquals(DECLARED[0], ran);
    }

    @Test
    public void failsCorruptStreamsAndStopsBombsAtTheLimit() {
        int ran = 0;
        for (Vector v : VECTORS) {
            if (v.expect.equals("ok")) {
                continue;
            }
            // Whole, in 1-byte pieces and in 1000-byte pieces; a bomb whole only.
            for (int pieceSize : v.expect.equals("too-big") ? new int[] {0} : new int[] {0, 1, 1000}) {
                List<Object> outcome = inflateAll(v, v.payloads, pieceSize, 65536, new int[] {0});
                Object last = outcome.get(outcome.size() - 1);
                if (v.expect.equals("truncated")) {
                    // Cut short inside a block: zlib waits for more and cannot tell; the codec must only survive it.
                    assertTrue(v.name, last instanceof byte[] || last.equals("error"));
                } else {
                    assertEquals(v.name + " pieces " + pieceSize, v.expect, last);
                }
            }
            ran++;
        }
        assertEquals(DECLARED[1] + DECLARED[2] + DECLARED[3], ran);
    }

    @Test
    public void deflatesAtEveryLevelWithAndWithoutTakeoverIntoWhatInflatesBack() {
        Vector sample = VECTORS.get(0);
        for (int level = 0; level <= 9; level++) {
            for (boolean noContextTakeover : new boolean[] {false, true}) {
                ZipDeflateStream deflater = ZipDeflateStream.open(15, level);
                List<byte[]> payloads = new ArrayList<>();
                for (byte[] message : sample.messages) {
                    // In slices of 1000 bytes, the last with the sync flush, as ts/codec/native.ts does.
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    int at = 0;
                    do {
                        int end = Math.min(message.length, at + 1000);
                        byte[] part = deflater.deflate(Arrays.copyOfRange(message, at, end), end == message.length);
                        out.write(part, 0, part.length);
                        at = end;
                    } while (at < message.length);
                    byte[] whole = out.toByteArray();
                    byte[] payload;
                    if (whole.length == 0) {
                        payload = new byte[] {0}; // zlib flushed nothing after a flush: RFC 7692 7.2.3.6
                    } else {
                        assertArrayEquals("a sync flush ends with 00 00 ff ff", TAIL, Arrays.copyOfRange(whole, whole.length - 4, whole.length));
                        payload = Arrays.copyOf(whole, whole.length - 4);
                    }
                    payloads.add(payload);
                    if (noContextTakeover) {
                        deflater.reset();
                    }
                }
                deflater.close();
                Vector check = new Vector();
                check.name = "level " + level + (noContextTakeover ? ", no takeover" : "");
                check.noContextTakeover = noContextTakeover;
                check.maxMessageSize = 1 << 24;
                List<Object> outcome = inflateAll(check, payloads, 0, 65536, new int[] {0});
                for (int i = 0; i < sample.messages.size(); i++) {
                    assertArrayEquals(check.name + " #" + i, sample.messages.get(i), (byte[]) outcome.get(i));
                }
            }
        }
    }

    @Test
    public void offersNoDeflaterForAWindowBelow15Bits() {
        for (int bits = 8; bits < 15; bits++) {
            assertNull(ZipDeflateStream.open(bits, 1));
        }
    }
}
