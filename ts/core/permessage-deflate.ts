/**
 * permessage-deflate (RFC 7692) on the connection's extension hook (extension.ts): the messages the
 * peer compressed (RSV1 on their first frame) go through an inflater, fed each payload slice as it
 * arrives and pulled in slices, so maxMessageSize is judged on inflated bytes while inflating (a
 * compression bomb fails with 1009 after at most that many bytes of output); the messages we send at
 * or above `threshold` bytes go through a deflater. The codec (ts/codec/) appends the 00 00 ff ff
 * tail to a message's last piece when inflating and strips it when deflating (section 7.2), and
 * keeps or resets its window per the negotiated context takeover (section 7.1.1). What was
 * negotiated comes from deflate-negotiation.ts.
 */
import type { CodecFactory, Deflater, Inflater } from "../codec/index";
import { type EncodedPayload, type Extension, ExtensionVerdict, type FrameHeader } from "./extension";
import { Opcode, RSV1_BIT } from "./frame";
import { invalidPayload, messageTooBig, type ProtocolError, protocolViolation } from "./protocol-error";

/** The parameters in force on one connection, from one endpoint's point of view. */
export interface DeflateAgreement {
  /** The peer starts every message with an empty window (its *_no_context_takeover). */
  peerNoContextTakeover: boolean;
  /** We start every message with an empty window. */
  ownNoContextTakeover: boolean;
  /** The peer's LZ77 window, 8-15. */
  peerWindowBits: number;
  /** The window the peer allows our deflater, 8-15. */
  ownWindowBits: number;
}

export interface DeflateSending {
  /** Messages shorter than this many bytes go uncompressed. */
  threshold: number;
  /** zlib's level, 1-9; 0 never compresses what we send. */
  level: number;
}

export const PERMESSAGE_DEFLATE = "permessage-deflate";

/** The four bytes that end a sync flush (an empty stored block's LEN and NLEN), which the codec
 *  removes from every deflated message (RFC 7692 section 7.2.1). */
const SYNC_FLUSH_TAIL = String.fromCharCode(0, 0, 255, 255);
/** A non-final stored block's header bits, padded to the byte: what a stripped sync flush of no data
 *  is, at a byte boundary. */
const EMPTY_STORED_BLOCK_HEAD = String.fromCharCode(0);

export class PerMessageDeflate implements Extension {
  readonly name = PERMESSAGE_DEFLATE;
  readonly claimsRsv1 = true;
  readonly claimsRsv2 = false;
  readonly claimsRsv3 = false;
  private readonly inflater: Inflater;
  private deflater: Deflater | undefined;
  /** The data message being received was compressed (its first frame had RSV1). */
  private compressedMessage = false;
  /** The frame being inflated is its message's last one. */
  private finalFrame = false;
  /** Input written to the inflater that a read has not used up yet. */
  private inflating = false;
  /** The message being sent in pieces goes compressed (decided by its first piece). */
  private streamCompressed = false;

  constructor(
    private readonly codec: CodecFactory,
    private readonly agreement: DeflateAgreement,
    private readonly sending: DeflateSending,
    maxMessageSize: number,
  ) {
    this.inflater = codec.newInflater({
      windowBits: agreement.peerWindowBits,
      noContextTakeover: agreement.peerNoContextTakeover,
      maxMessageSize,
    });
  }

  decodeFrame(header: FrameHeader): ExtensionVerdict | ProtocolError {
    const opcode = header.opcode;
    if (opcode >= Opcode.Close) {
      // Section 6.1: permessage-deflate gives RSV1 a meaning only on a message's first frame.
      if (header.rsv1) return protocolViolation("RSV1 set on a control frame");
      return ExtensionVerdict.Pass;
    }
    if (opcode === Opcode.Continuation) {
      if (header.rsv1) return protocolViolation("RSV1 set on a continuation frame");
    } else {
      this.compressedMessage = header.rsv1;
    }
    if (!this.compressedMessage) return ExtensionVerdict.Pass;
    this.finalFrame = header.fin;
    if (header.fin) this.compressedMessage = false;
    return ExtensionVerdict.Transform;
  }

  decodePush(bytes: string, frameComplete: boolean): void {
    const last = frameComplete && this.finalFrame;
    // Nothing to inflate: an empty slice in the middle of a message adds nothing.
    if (bytes === "" && !last) return;
    this.inflater.write(bytes, last);
    this.inflating = true;
  }

  decodePull(maxBytes: number): string | ProtocolError {
    while (this.inflating) {
      const step = this.inflater.read(maxBytes);
      const status = step.status;
      if (status === "too-big") return messageTooBig(`a compressed message inflates past maxMessageSize (${step.error ?? "too big"})`);
      if (status === "error") return invalidPayload(`invalid compressed data: ${step.error ?? "inflate failed"}`);
      if (status !== "more") this.inflating = false;
      if (step.data !== "") return step.data;
    }
    return "";
  }

  encodeMessage(_opcode: number, payload: string, compress?: boolean): EncodedPayload {
    if (!this.compresses(payload, compress)) return { payload, rsv: 0 };
    return { payload: this.deflate(payload), rsv: RSV1_BIT };
  }

  /**
   * A message sent in pieces is compressed across its frames (RFC 7692 section 6.1: RSV1 on the first
   * frame only; section 7.2.1: the message's payload is one DEFLATE stream, flushed with a sync flush
   * at its end, whose trailing 00 00 ff ff is removed). Each piece is deflated as it comes and ends
   * with a sync flush, so the receiver can inflate it at once; the codec removes the 00 00 ff ff of
   * every flush, and it is put back on every piece but the last, so only the message's end goes
   * without it. The first piece decides, as a whole message does by its size: under `threshold`
   * bytes (or with `compress = false`, or level 0) the whole message goes uncompressed.
   */
  encodeFragment(_opcode: number, payload: string, first: boolean, fin: boolean, compress?: boolean): EncodedPayload {
    if (first) this.streamCompressed = this.compresses(payload, compress);
    if (!this.streamCompressed) return { payload, rsv: 0 };
    return this.encodePiece(payload, first, fin);
  }

  /** Whether a whole message goes compressed: the connection deflates a big one in pieces as its
   *  frames are written (deferred-frames.ts), with encodePiece. */
  wouldEncode(payload: string, compress?: boolean): boolean {
    return this.compresses(payload, compress);
  }

  /** One piece of a message that goes compressed, as encodeFragment deflates it (the same stream
   *  across the frames), whatever its size. */
  encodePiece(payload: string, first: boolean, fin: boolean): EncodedPayload {
    const rsv = first ? RSV1_BIT : 0;
    if (payload === "") {
      // Nothing to add: a piece in the middle adds no bytes; the last one must still end the stream
      // the way a stripped sync flush does, which for no data is one empty stored block's header.
      return { payload: fin ? EMPTY_STORED_BLOCK_HEAD : "", rsv };
    }
    const deflated = this.deflate(payload);
    return { payload: fin ? deflated : deflated + SYNC_FLUSH_TAIL, rsv };
  }

  /** Whether a message (or a streamed message's first piece) goes compressed. */
  private compresses(payload: string, compress: boolean | undefined): boolean {
    const sending = this.sending;
    return !(compress === false || sending.level === 0 || payload.length < sending.threshold);
  }

  /** `payload` deflated as one message, ending with a sync flush less its 00 00 ff ff. */
  private deflate(payload: string): string {
    let deflater = this.deflater;
    if (deflater === undefined) {
      const agreement = this.agreement;
      deflater = this.codec.newDeflater({
        windowBits: agreement.ownWindowBits,
        noContextTakeover: agreement.ownNoContextTakeover,
        level: this.sending.level,
      });
      this.deflater = deflater;
    }
    deflater.write(payload);
    const parts: string[] = [];
    for (;;) {
      // One message is sent at once: its whole length is the budget.
      const step = deflater.read(payload.length + 1024);
      parts.push(step.data);
      if (step.status === "done") break;
    }
    return parts.join("");
  }

  /** Frees the codec's streams (native ones hold memory outside Lua). */
  close(): void {
    this.inflater.close();
    if (this.deflater !== undefined) this.deflater.close();
    this.deflater = undefined;
  }
}
