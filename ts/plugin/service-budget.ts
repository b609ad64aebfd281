/**
 * How much one service of one connection may do (SPEC guarantees 5 and 7): the bounds that keep an
 * enterFrame short and memory flat whatever the peer sends or the game queues, for a client's session
 * and a server's peer (input-feed.ts reads for both). Most are counts of bytes, so the same input
 * does the same work on every run and the tests can say exactly what one service does; two are
 * times (FEED_SECONDS, WRITE_SECONDS), for work that costs much per byte on a slow runtime, and a
 * fake clock that stands still leaves only the counts in force.
 *
 * Reading: at most READ_BUDGET bytes are asked of the transport per service, and they reach the core
 * in slices of FEED_SLICE bytes, for at most FEED_SECONDS. Between slices the plugin asks the core
 * whether it wants more (Connection.wantsInput: false once MAX_QUEUED_EVENTS events or
 * MAX_QUEUED_BYTES of message data wait for dispatch, or MAX_BUFFERED_INPUT bytes wait to be decoded,
 * all in core/connection.ts); while it does not, nothing more is read from that connection until the
 * game has been handed what waits ("never read what the game has not asked for"). The bytes then
 * stay in the operating system's buffer, and TCP flow control slows the peer down. So one service
 * hands the game at most MAX_QUEUED_EVENTS events plus those of the slice that reached the bound
 * (FEED_SLICE / 2 empty frames).
 *
 * Writing: at most WRITE_BUDGET bytes are offered to the transport per service, and none while the
 * transport itself still holds that many (a shim that buffers, like Node's, must not grow without
 * bound either); a big message is taken in slices of WRITE_SLICE bytes, for at most WRITE_SECONDS. The core's own queue is taken only once the plugin's is empty and the transport
 * holds under TAKE_BELOW_BUFFERED, so a pong the core holds can still give way to a newer one.
 */

/** Bytes asked of the transport per service of one connection. */
export const READ_BUDGET = 256 * 1024;

/** Bytes fed to the core at a time: a slice of 2-byte empty frames makes at most 2,048 events. */
export const FEED_SLICE = 4 * 1024;

/** More bytes fed at a time while they are the payload of a big uncompressed frame (the core's
 *  payloadAhead): they make no events, so only their cost per slice counts, and 4 KiB slices cost
 *  Lua 5.4 about 340 VM instructions each (a 1 MiB echo: 256 of them). Still FEED_SLICE of
 *  whatever follows the payload. */
export const FEED_PAYLOAD_SLICE = 60 * 1024;

/** Seconds of the plugin's clock one connection may spend feeding the core per service. Bytes and
 *  events bound the memory; this bounds the time when each byte costs much (a ping flood: every
 *  ping's pong is framed and masked as it is read). A fake clock that stands still leaves the byte
 *  and event bounds alone in force, which is what the tests count on. */
export const FEED_SECONDS = 0.004;

/** Bytes of inflated output (permessage-deflate) one connection may pull per service: a slice of a
 *  highly compressible message can inflate a thousandfold, so the compressed bytes read do not
 *  bound the work. What the extension still holds waits for the next service, which comes at once
 *  (hasBacklog), and is pulled before any more input is fed. */
export const INFLATE_BUDGET = 256 * 1024;

/** Bytes of inflated output pulled per call into the core, between looks at the clock (FEED_SECONDS
 *  applies to inflating as to feeding). */
export const INFLATE_SLICE = 32 * 1024;

/** Bytes offered to the transport per service; also the most it may hold before more is offered. */
export const WRITE_BUDGET = 256 * 1024;

/** Bytes of a big message taken (masked) at a time: about 2 ms of Lua 5.1's writing (below); a
 *  smaller slice costs the fast runtimes more takes and writes for nothing (32 KiB: 2% more
 *  instructions for a 1 MiB echo on Lua 5.4). */
export const WRITE_SLICE = 64 * 1024;

/** Seconds of the plugin's clock one connection may spend taking slices per service. On Lua 5.1
 *  without a bit library, masking a slice, joining it to its header and writing it run at about
 *  30 MB/s in a poll, so the whole WRITE_BUDGET made each poll of a 16 MiB upload about 10 ms
 *  (measured); elsewhere masking is 10-50 times faster and only the byte bound counts. The first
 *  slice of a flush is always taken, so a send between services still leaves at once. */
export const WRITE_SECONDS = 0.003;

/** The core's queue is taken only while the transport holds less than this: a shim that buffers
 *  (Node's) then never holds more than a few KiB of frames the client queued on its own behalf,
 *  pongs for a peer that floods pings and never reads. */
export const TAKE_BELOW_BUFFERED = 4 * 1024;
