/**
 * The LuaSocket + LuaSec transport (lua/transport-luasocket.lua): TCP and TLS byte streams for the
 * Solar2D Simulator and plain Lua 5.1, LuaJIT, 5.3 and 5.4. It implements the transport contract
 * (ts/transport/contract.ts) in full: polled streams, `wait` on socket.select, `random` from
 * /dev/urandom, `now` from socket.gettime. It loads LuaSocket and LuaSec lazily, so importing it
 * never fails; without them, opening a stream fails in `step()` with a message saying what to install.
 *
 * @noSelfInFile
 */
import type { ListenOptions, Listener, OpenOptions, Stream } from "../ts/transport/contract";

/** Always "luasocket". */
export declare const name: string;

/** Starts opening a stream; name lookup, TCP connect and TLS handshake happen in `step()`. */
export declare function open(options: OpenOptions): Stream;

/** Binds and listens at once (lua/transport-luasocket-listener.lua, loaded on first use); the
 *  outcome shows in the listener's step(). TLS needs LuaSec. */
export declare function listen(options: ListenOptions): Listener;

/** Blocks in socket.select up to `timeout` seconds until one of `streams` can make progress or one
 *  of the listeners among them has a connection waiting. */
export declare function wait(streams: (Stream | Listener)[], timeout: number): void;

/** `count` random bytes from /dev/urandom (a seeded math.random where there is none). */
export declare function random(count: number): string;

/** Seconds from socket.gettime(), held from going backwards. */
export declare function now(): number;
