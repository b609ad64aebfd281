/**
 * The extension hook of a connection (RFC 6455 section 9): what a negotiated extension such as
 * permessage-deflate (RFC 7692) must provide. Modelled on python-websockets' extensions/base.py
 * (decode(frame) / encode(frame)), but streaming: payloads reach an extension in slices as they
 * arrive, and it hands on its output in slices of bounded size, so an inflater never holds more than
 * one slice of output and the connection enforces maxMessageSize on inflated bytes while inflating.
 *
 * Inbound, for every frame whose header arrived (data and control frames alike):
 *   1. `decodeFrame(header)` says what to do with the frame: ExtensionVerdict.Pass hands its payload
 *      on untouched (a frame the extension leaves alone), ExtensionVerdict.Transform feeds it
 *      through 2-3, or a ProtocolError fails the connection (for instance RSV1 on a control frame,
 *      RFC 7692 section 6). A frame with a reserved bit that no extension claims (`claimsRsv1` ..)
 *      never gets here: the decoder fails it with 1002.
 *   2. `decodePush(bytes, frameComplete)` gives it the next unmasked payload slice of that frame
 *      ("" possibly); `frameComplete` is true with the frame's last slice.
 *   3. `decodePull(maxBytes)` is then called until it returns "": each call returns at most
 *      `maxBytes` bytes of output (or a ProtocolError, e.g. 1007 for corrupt compressed data). After
 *      the frame's last slice it must also return whatever the end of the frame produces (for
 *      permessage-deflate: the output of the 00 00 ff ff tail appended to a message's last frame).
 *   The output goes on to the message assembler exactly as wire payload would: the size limit (1009)
 *   and incremental UTF-8 validation (1007) are judged on it, slice by slice, and the connection
 *   stops pulling as soon as either fails.
 *
 * Outbound, `encodeMessage(opcode, payload, compress)` transforms the payload of a whole data message
 * the application sends (never a control frame) and says which RSV bits its frame carries;
 * `compress` is false when the application asked to send this one message as it is.
 * `encodeFragment` does the same for a message sent in pieces, one piece at a time.
 */
import type { ProtocolError } from "./protocol-error";

/** The header of an inbound frame, as decoded. */
export interface FrameHeader {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  /** Payload length on the wire. */
  length: number;
}

/** What an extension does with an inbound frame. */
export const enum ExtensionVerdict {
  /** The payload goes on as it is. */
  Pass = 1,
  /** The payload goes through decodePush / decodePull. */
  Transform = 2,
}

/** An outbound data frame after the extension: its payload and the RSV bits it sets (RSV1_BIT ..). */
export interface EncodedPayload {
  payload: string;
  rsv: number;
}

export interface Extension {
  /** The extension's registered name, e.g. "permessage-deflate". */
  readonly name: string;
  /** The RSV bits it gives a meaning to (section 5.2); a set bit no extension claims fails with 1002. */
  readonly claimsRsv1: boolean;
  readonly claimsRsv2: boolean;
  readonly claimsRsv3: boolean;
  decodeFrame(header: FrameHeader): ExtensionVerdict | ProtocolError;
  decodePush(bytes: string, frameComplete: boolean): void;
  decodePull(maxBytes: number): string | ProtocolError;
  encodeMessage(opcode: number, payload: string, compress?: boolean): EncodedPayload;
  /** One piece of a message the application sends in pieces (SPEC section 9): `first` on its first
   *  piece (whose `compress` decides for the whole message), `fin` on its last; `opcode` is the
   *  message's type. Without this method the pieces go out as they are, with no RSV bit. */
  encodeFragment?(opcode: number, payload: string, first: boolean, fin: boolean, compress?: boolean): EncodedPayload;
  /** Optional, with encodePiece: whether encodeMessage would transform this message. A big one it
   *  would is then encoded by the connection in pieces, one per frame, as the frames are written
   *  (deferred-frames.ts), rather than at once inside send. */
  wouldEncode?(payload: string, compress?: boolean): boolean;
  /** One piece of a whole message that wouldEncode said goes transformed: `first` on its first
   *  piece, `fin` on its last; the pieces' payloads are one stream, as encodeFragment's are. */
  encodePiece?(payload: string, first: boolean, fin: boolean): EncodedPayload;
  /** Called once when the connection is CLOSED: frees what the extension holds (a native codec's
   *  streams). */
  close?(): void;
}

/** The most bytes the connection pulls from an extension at once. */
export const EXTENSION_SLICE = 64 * 1024;
