// The native half of the Lua module `plugin.websockets_host` (its Lua half is
// host/websockets_host.lua): functions over stream ids that move bytes between NodeStreams and Lua.
// Each takes a NativeCall (vm-wasmoon.mjs / vm-fengari.mjs), reads its arguments, pushes its results
// and returns how many it pushed. Byte strings cross as Buffers in both directions, untouched.
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { createListenerNatives } from "./node-listener.mjs";
import { NodeStream, waitForNews } from "./node-stream.mjs";

/**
 * @param armWait `(start: () => Promise) => void`: hands the VM what to await before it resumes the
 *                main coroutine (the Lua half yields right after arming).
 */
export function createTransportNatives(armWait) {
  const streams = new Map();
  let nextId = 1;

  function streamAt(call, i) {
    const id = call.number(i);
    const stream = streams.get(id);
    if (!stream) throw new Error(`no open stream #${id} (closed already?)`);
    return stream;
  }

  function pushEnd(call, end) {
    call.pushNil();
    call.pushText(end.category);
    call.pushText(end.message);
    return 3;
  }

  // Listeners share the streams' ids, so arm_wait watches both in one call.
  const registry = {
    register(object) {
      const id = nextId++;
      streams.set(id, object);
      return id;
    },
    lookup: (id) => streams.get(id),
    forget: (id) => streams.delete(id),
  };

  return {
    ...createListenerNatives(registry),

    /** open(host, port, secure, serverName, minTls, verify, ca) -> id */
    open(call) {
      const stream = new NodeStream({
        host: call.text(1),
        port: call.number(2),
        secure: call.boolean(3),
        serverName: call.optText(4),
        minTls: call.optText(5),
        verify: call.boolean(6),
        // PEM bytes as they are (a Buffer; tls takes it so): comments in a bundle need not be UTF-8.
        ca: call.isNil(7) ? undefined : call.bytes(7),
      });
      const id = nextId++;
      streams.set(id, stream);
      call.pushInteger(id);
      return 1;
    },

    /** step(id) -> "connecting" | "open" | "failed", category, message */
    step(call) {
      const result = streamAt(call, 1).step();
      for (const value of result) call.pushText(value);
      return result.length;
    },

    /** write(id, data) -> count | nil, category, message */
    write(call) {
      const outcome = streamAt(call, 1).write(call.bytes(2));
      if (outcome.end) return pushEnd(call, outcome.end);
      call.pushInteger(outcome.written);
      return 1;
    },

    /** read(id[, maxBytes]) -> data | nil, category, message */
    read(call) {
      const outcome = streamAt(call, 1).read(call.count() >= 2 && !call.isNil(2) ? call.number(2) : undefined);
      if (outcome.end) return pushEnd(call, outcome.end);
      call.pushBytes(outcome.data);
      return 1;
    },

    /** buffered(id) -> bytes not yet handed to the operating system */
    buffered(call) {
      call.pushInteger(streamAt(call, 1).buffered());
      return 1;
    },

    /** close(id): idempotent */
    close(call) {
      const id = call.number(1);
      const stream = streams.get(id);
      if (stream) {
        streams.delete(id);
        stream.close();
      }
      return 0;
    },

    /** arm_wait(timeout, id...): what the main coroutine waits for when it yields next */
    arm_wait(call) {
      const timeout = call.number(1);
      const waitingOn = [];
      for (let i = 2; i <= call.count(); i++) {
        const stream = streams.get(call.number(i));
        if (stream) waitingOn.push(stream);
      }
      armWait(() => waitForNews(waitingOn, timeout));
      return 0;
    },

    /** random(count) -> count cryptographically strong bytes */
    random(call) {
      call.pushBytes(crypto.randomBytes(call.number(1)));
      return 1;
    },

    /** mask(data, key) -> data XORed with the 4-byte key, repeated (RFC 6455 section 5.3); `data` is a copy */
    mask(call) {
      const data = call.bytes(1);
      const key = call.bytes(2);
      if (key.length !== 4) throw new TypeError(`bad argument #2 to 'mask' (4-byte key expected, got ${key.length} bytes)`);
      const k0 = key[0], k1 = key[1], k2 = key[2], k3 = key[3];
      const n = data.length;
      const whole = n - (n % 4);
      for (let i = 0; i < whole; i += 4) {
        data[i] ^= k0;
        data[i + 1] ^= k1;
        data[i + 2] ^= k2;
        data[i + 3] ^= k3;
      }
      for (let i = whole; i < n; i++) data[i] ^= key[i % 4];
      call.pushBytes(data);
      return 1;
    },

    /** now() -> seconds on a monotonic clock */
    now(call) {
      call.pushNumber(performance.now() / 1000);
      return 1;
    },
  };
}
