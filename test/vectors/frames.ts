// The frame layer on its own (RFC 6455 section 5): what the encoder writes, and what the decoder makes
// of server bytes. Expected bytes are written out (RFC section 5.7 examples) or built by bytes.ts.
import { clientFrame, countingBytes, hex, serverFrame, serverHeader, utf8 } from "./bytes";

/** The masking key of RFC 6455 section 5.7's masked examples. */
export const RFC_MASK_KEY = hex("37 fa 21 3d");

export interface EncodeVector {
  name: string;
  opcode: number;
  fin: boolean;
  payload: string;
  maskKey: string;
  /** The whole frame. */
  bytes: string;
}

/** Frame headers for lengths whose payload is not worth (or not possible) to allocate. */
export interface HeaderVector {
  name: string;
  opcode: number;
  fin: boolean;
  length: number;
  maskKey: string;
  header: string;
}

/** What the decoder reports: a header, a payload, or a failure with its close code. */
export type DecoderOutputVector =
  | { header: { fin: boolean; opcode: number; length: number } }
  | { payload: string }
  | { failure: number };

export interface DecodeVector {
  name: string;
  input: string;
  /** Everything next() returns until it needs more input or fails. */
  outputs: DecoderOutputVector[];
}

export const encodeVectors: EncodeVector[] = [
  {
    name: "RFC 5.7: a single-frame masked text message containing Hello",
    opcode: 1, fin: true, payload: "Hello", maskKey: RFC_MASK_KEY,
    bytes: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
  },
  {
    name: "RFC 5.7: masked pong with body Hello",
    opcode: 10, fin: true, payload: "Hello", maskKey: RFC_MASK_KEY,
    bytes: hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
  },
  { name: "empty text frame", opcode: 1, fin: true, payload: "", maskKey: RFC_MASK_KEY, bytes: hex("81 80 37 fa 21 3d") },
  { name: "non-final binary fragment", opcode: 2, fin: false, payload: "ab", maskKey: hex("00 00 00 00"), bytes: hex("02 82 00 00 00 00 61 62") },
  { name: "125 bytes: 7-bit length", opcode: 2, fin: true, payload: countingBytes(125), maskKey: hex("01 02 03 04"), bytes: clientFrame(2, countingBytes(125), hex("01 02 03 04")) },
  { name: "126 bytes: 16-bit length", opcode: 2, fin: true, payload: countingBytes(126), maskKey: hex("a1 b2 c3 d4"), bytes: hex("82 fe 00 7e a1 b2 c3 d4") + clientFrame(2, countingBytes(126), hex("a1 b2 c3 d4")).slice(8) },
  { name: "256 bytes binary (RFC 5.7)", opcode: 2, fin: true, payload: countingBytes(256), maskKey: RFC_MASK_KEY, bytes: hex("82 fe 01 00 37 fa 21 3d") + clientFrame(2, countingBytes(256), RFC_MASK_KEY).slice(8) },
  { name: "65535 bytes: largest 16-bit length", opcode: 2, fin: true, payload: countingBytes(65535), maskKey: hex("ff 00 ff 00"), bytes: clientFrame(2, countingBytes(65535), hex("ff 00 ff 00")) },
  { name: "65536 bytes: 64-bit length (RFC 5.7)", opcode: 2, fin: true, payload: countingBytes(65536), maskKey: hex("10 20 30 40"), bytes: hex("82 ff 00 00 00 00 00 01 00 00 10 20 30 40") + clientFrame(2, countingBytes(65536), hex("10 20 30 40")).slice(14) },
  { name: "close 1000", opcode: 8, fin: true, payload: hex("03 e8"), maskKey: RFC_MASK_KEY, bytes: hex("88 82 37 fa 21 3d") + String.fromCharCode(0x03 ^ 0x37, 0xe8 ^ 0xfa) },
];

export const headerVectors: HeaderVector[] = [
  { name: "length 0", opcode: 1, fin: true, length: 0, maskKey: RFC_MASK_KEY, header: hex("81 80 37 fa 21 3d") },
  { name: "length 125", opcode: 1, fin: true, length: 125, maskKey: RFC_MASK_KEY, header: hex("81 fd 37 fa 21 3d") },
  { name: "length 126", opcode: 1, fin: true, length: 126, maskKey: RFC_MASK_KEY, header: hex("81 fe 00 7e 37 fa 21 3d") },
  { name: "length 65535", opcode: 2, fin: true, length: 65535, maskKey: RFC_MASK_KEY, header: hex("82 fe ff ff 37 fa 21 3d") },
  { name: "length 65536", opcode: 2, fin: true, length: 65536, maskKey: RFC_MASK_KEY, header: hex("82 ff 00 00 00 00 00 01 00 00 37 fa 21 3d") },
  { name: "length 2^31 (fengari's integers wrap here)", opcode: 2, fin: true, length: 2 ** 31, maskKey: RFC_MASK_KEY, header: hex("82 ff 00 00 00 00 80 00 00 00 37 fa 21 3d") },
  { name: "length 2^32 + 5", opcode: 2, fin: false, length: 2 ** 32 + 5, maskKey: RFC_MASK_KEY, header: hex("02 ff 00 00 00 01 00 00 00 05 37 fa 21 3d") },
  { name: "length 2^53 - 1", opcode: 0, fin: true, length: 2 ** 53 - 1, maskKey: RFC_MASK_KEY, header: hex("80 ff 00 1f ff ff ff ff ff ff 37 fa 21 3d") },
];

const header = (fin: boolean, opcode: number, length: number): DecoderOutputVector => ({ header: { fin, opcode, length } });
const payload = (bytes: string): DecoderOutputVector => ({ payload: bytes });

export const decodeVectors: DecodeVector[] = [
  { name: "RFC 5.7: single-frame unmasked text Hello", input: hex("81 05 48 65 6c 6c 6f"), outputs: [header(true, 1, 5), payload("Hello")] },
  {
    name: "RFC 5.7: fragmented unmasked text Hel + lo",
    input: hex("01 03 48 65 6c 80 02 6c 6f"),
    outputs: [header(false, 1, 3), payload("Hel"), header(true, 0, 2), payload("lo")],
  },
  { name: "RFC 5.7: unmasked ping Hello", input: hex("89 05 48 65 6c 6c 6f"), outputs: [header(true, 9, 5), payload("Hello")] },
  { name: "RFC 5.7: 256 bytes binary, 16-bit length", input: hex("82 7e 01 00") + countingBytes(256), outputs: [header(true, 2, 256), payload(countingBytes(256))] },
  {
    name: "RFC 5.7: 64 KiB binary, 64-bit length",
    input: hex("82 7f 00 00 00 00 00 01 00 00") + countingBytes(65536),
    outputs: [header(true, 2, 65536), payload(countingBytes(65536))],
  },
  { name: "length 0", input: serverFrame(1, ""), outputs: [header(true, 1, 0), payload("")] },
  { name: "length 125", input: serverFrame(2, countingBytes(125)), outputs: [header(true, 2, 125), payload(countingBytes(125))] },
  { name: "length 126", input: serverFrame(2, countingBytes(126)), outputs: [header(true, 2, 126), payload(countingBytes(126))] },
  { name: "length 65535", input: serverFrame(2, countingBytes(65535)), outputs: [header(true, 2, 65535), payload(countingBytes(65535))] },
  { name: "64-bit length 2^32 + 5 (header only)", input: serverHeader(2, 2 ** 32 + 5), outputs: [header(true, 2, 2 ** 32 + 5)] },
  { name: "64-bit length 2^53 - 1 (header only)", input: serverHeader(0, 2 ** 53 - 1, false), outputs: [header(false, 0, 2 ** 53 - 1)] },
  { name: "non-minimal 16-bit length is accepted", input: serverFrame(1, "Hello", { form: 16 }), outputs: [header(true, 1, 5), payload("Hello")] },
  { name: "non-minimal 64-bit length is accepted", input: serverFrame(1, "Hello", { form: 64 }), outputs: [header(true, 1, 5), payload("Hello")] },
  {
    name: "two frames back to back",
    input: serverFrame(1, "a") + serverFrame(2, utf8("\u00e9")),
    outputs: [header(true, 1, 1), payload("a"), header(true, 2, 2), payload(utf8("\u00e9"))],
  },
  { name: "incomplete payload waits", input: hex("81 05 48 65"), outputs: [header(true, 1, 5)] },
  { name: "RSV1 set", input: serverFrame(1, "Hello", { rsv: 4 }), outputs: [{ failure: 1002 }] },
  { name: "RSV2 set", input: serverFrame(1, "Hello", { rsv: 2 }), outputs: [{ failure: 1002 }] },
  { name: "RSV3 set", input: serverFrame(1, "Hello", { rsv: 1 }), outputs: [{ failure: 1002 }] },
  { name: "reserved data opcode 3", input: serverFrame(3, "x"), outputs: [{ failure: 1002 }] },
  { name: "reserved data opcode 7", input: serverFrame(7, "x"), outputs: [{ failure: 1002 }] },
  { name: "reserved control opcode 0xB", input: serverFrame(11, "x"), outputs: [{ failure: 1002 }] },
  { name: "reserved control opcode 0xF", input: serverFrame(15, "x"), outputs: [{ failure: 1002 }] },
  { name: "masked server frame", input: serverFrame(1, "Hello", { maskKey: RFC_MASK_KEY }), outputs: [{ failure: 1002 }] },
  { name: "fragmented ping", input: serverFrame(9, "x", { fin: false }), outputs: [{ failure: 1002 }] },
  { name: "fragmented close", input: serverFrame(8, "", { fin: false }), outputs: [{ failure: 1002 }] },
  { name: "ping of 126 bytes", input: serverFrame(9, countingBytes(126)), outputs: [{ failure: 1002 }] },
  { name: "ping of 125 bytes is fine", input: serverFrame(9, countingBytes(125)), outputs: [header(true, 9, 125), payload(countingBytes(125))] },
  { name: "64-bit length with the most significant bit set", input: hex("82 7f 80 00 00 00 00 00 00 00"), outputs: [{ failure: 1002 }] },
  { name: "nothing after a failure", input: serverFrame(1, "a", { rsv: 4 }) + serverFrame(1, "b"), outputs: [{ failure: 1002 }] },
];
