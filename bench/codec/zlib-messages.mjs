// permessage-deflate through Node's zlib, message by message as ws does it: one raw deflate (or
// inflate) stream per direction, a sync flush after each message, and its trailing 00 00 ff ff
// removed (or, inflating, appended again): RFC 7692 section 7.2. Used as the reference codec by the
// benchmark and by the codec vectors.
import zlib from "node:zlib";
import { flushThrough } from "../../conformance/deflate.mjs";

const TAIL = Buffer.from([0, 0, 0xff, 0xff]);

/**
 * Compresses each message (latin1 strings) as a sender does: `options` are zlib's (level,
 * windowBits, memLevel, strategy); `noContextTakeover` starts a new stream for every message.
 * Returns the payloads (latin1 strings), each without its final 00 00 ff ff.
 */
export async function zlibDeflateMessages(messages, options = {}, noContextTakeover = false) {
  let stream;
  const out = [];
  for (const message of messages) {
    if (!stream || noContextTakeover) {
      stream?.close();
      stream = zlib.createDeflateRaw(options);
    }
    const data = await flushThrough(stream, Buffer.from(message, "latin1"));
    // zlib writes nothing for a flush with no new input after a flush: an empty message is then the
    // single byte 00 (RFC 7692 section 7.2.3.6), an empty stored block without LEN and NLEN.
    if (data.length === 0) {
      out.push("\x00");
      continue;
    }
    if (data.length < 4 || !data.subarray(data.length - 4).equals(TAIL)) throw new Error("a sync flush ends with 00 00 ff ff");
    out.push(data.subarray(0, data.length - 4).toString("latin1"));
  }
  stream?.close();
  return out;
}

/** Inflates each payload (latin1 strings) as a receiver does, the 00 00 ff ff appended. */
export async function zlibInflateMessages(payloads, options = {}, noContextTakeover = false) {
  let stream;
  const out = [];
  for (const payload of payloads) {
    if (!stream || noContextTakeover) {
      stream?.close();
      stream = zlib.createInflateRaw(options);
    }
    const data = await flushThrough(stream, Buffer.concat([Buffer.from(payload, "latin1"), TAIL]));
    out.push(data.toString("latin1"));
  }
  stream?.close();
  return out;
}
