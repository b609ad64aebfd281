// The native permessage-deflate codec of the Node host (wasmoon, fengari): Node's zlib, raw
// DEFLATE streams driven synchronously (the Lua side cannot wait for zlib's thread pool). Its Lua
// half is in host/websockets_host.lua (`transport.codec`), its contract NativeCodec in
// ts/codec/native.ts, which wraps it into the codec interface with budgets and the size limit.
//
// A stream is a zlib handle used as Node's own synchronous helpers use it (`handle.writeSync`, the
// state in `_writeState`), kept open across messages for context takeover. Errors arrive through
// the handle's onerror and are returned to Lua as values.
import zlib from "node:zlib";

const { Z_NO_FLUSH, Z_SYNC_FLUSH } = zlib.constants;
const CHUNK = 16384;

class ZlibStream {
  constructor(engine) {
    this.engine = engine;
    this.handle = engine._handle;
    this.state = engine._writeState;
    this.failure = undefined;
    this.ended = false;
    this.input = Buffer.alloc(0);
    // The engine's own handler would destroy the stream asynchronously; the failure is kept here instead.
    this.handle.onerror = (message) => {
      this.failure = message;
    };
  }

  /** One call of zlib: returns [output bytes, input bytes consumed]. */
  run(flush, input, max) {
    const out = Buffer.allocUnsafe(max);
    this.handle.writeSync(flush, input, 0, input.length, out, 0, max);
    const [availOut, availIn] = this.state;
    return [out.subarray(0, max - availOut), input.length - availIn];
  }

  reset() {
    this.handle.reset();
    this.ended = false;
    this.input = Buffer.alloc(0);
  }

  close() {
    this.engine.close();
  }
}

/** Inflates what `push` gave, at most `max` bytes per `pull`. */
export class InflateStream extends ZlibStream {
  push(data) {
    this.input = this.input.length === 0 ? data : Buffer.concat([this.input, data]);
  }

  /** -> [output, "full" | "drained" | "ended"] or [undefined, error] */
  pull(max) {
    if (this.failure) return [undefined, this.failure];
    if (this.ended) return [Buffer.alloc(0), "ended"];
    const [output, used] = this.run(Z_SYNC_FLUSH, this.input, max);
    this.input = this.input.subarray(used);
    if (this.failure) return [undefined, this.failure];
    if (output.length === max) return [output, "full"];
    // Output room left and input left means the stream ended (a final block): zlib stops there.
    if (this.input.length > 0) {
      this.ended = true;
      this.input = Buffer.alloc(0);
      return [output, "ended"];
    }
    return [output, "drained"];
  }
}

/** Compresses; with flush, ends with a whole sync flush (its 00 00 ff ff included). */
export class DeflateStream extends ZlibStream {
  /** -> [output] or [undefined, error] */
  deflate(data, flush) {
    const parts = [];
    let input = data;
    for (;;) {
      const [output, used] = this.run(flush ? Z_SYNC_FLUSH : Z_NO_FLUSH, input, CHUNK);
      if (this.failure) return [undefined, this.failure];
      parts.push(output);
      input = input.subarray(used);
      // zlib is done with this call when it left output room: all input taken and flushed.
      if (output.length < CHUNK) break;
    }
    return [Buffer.concat(parts)];
  }
}

function checkWindow(windowBits) {
  if (!Number.isInteger(windowBits) || windowBits < 8 || windowBits > 15) throw new Error(`window bits must be 8-15, got ${windowBits}`);
  return windowBits;
}

/** The same streams for JavaScript callers (tests): `windowBits`, `level` as for the natives. */
export function newInflateStream(windowBits) {
  return new InflateStream(zlib.createInflateRaw({ windowBits: checkWindow(windowBits) }));
}

export function newDeflateStream(windowBits, level) {
  return new DeflateStream(zlib.createDeflateRaw({ windowBits: checkWindow(windowBits), level }));
}

/** The natives, merged into those of host/transport-natives.mjs under `codec_*` names. */
export function createCodecNatives() {
  const streams = new Map();
  let nextId = 1;
  const add = (stream) => {
    streams.set(nextId, stream);
    return nextId++;
  };
  const at = (call, i) => {
    const stream = streams.get(call.number(i));
    if (!stream) throw new Error(`no open codec stream #${call.number(i)}`);
    return stream;
  };
  const pushResult = (call, [data, state]) => {
    if (data === undefined) {
      call.pushNil();
      call.pushText(String(state));
      return 2;
    }
    call.pushBytes(data);
    if (state === undefined) return 1;
    call.pushText(state);
    return 2;
  };
  return {
    /** codec_inflate_new(windowBits) -> id. zlib takes raw window 8 as it is for inflating. */
    codec_inflate_new(call) {
      call.pushInteger(add(new InflateStream(zlib.createInflateRaw({ windowBits: checkWindow(call.number(1)) }))));
      return 1;
    },
    /** codec_deflate_new(windowBits, level) -> id. zlib deflates a raw window of 8 as 9, whose matches still reach at most 250 bytes back. */
    codec_deflate_new(call) {
      const level = call.number(2);
      if (!Number.isInteger(level) || level < 0 || level > 9) throw new Error(`level must be 0-9, got ${level}`);
      call.pushInteger(add(new DeflateStream(zlib.createDeflateRaw({ windowBits: checkWindow(call.number(1)), level }))));
      return 1;
    },
    codec_push(call) {
      at(call, 1).push(call.bytes(2));
      return 0;
    },
    codec_pull(call) {
      return pushResult(call, at(call, 1).pull(call.number(2)));
    },
    codec_deflate(call) {
      return pushResult(call, at(call, 1).deflate(call.bytes(2), call.boolean(3)));
    },
    codec_reset(call) {
      at(call, 1).reset();
      return 0;
    },
    codec_close(call) {
      const id = call.number(1);
      streams.get(id)?.close();
      streams.delete(id);
      return 0;
    },
  };
}
