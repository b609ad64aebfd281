/**
 * Frames encoded only when the writer takes them (SPEC guarantee 7): a big message that goes
 * compressed is not deflated inside send(), which would cost one enterFrame the whole message, but
 * a piece per frame as the outgoing queue hands it out (outgoing-queue.ts, pushSource), so each take
 * of n bytes deflates about n bytes of input. The message goes as one DEFLATE stream over several
 * frames, exactly like a message sent in pieces (RFC 7692 section 6.1: RSV1 on the first frame only;
 * a sync flush per piece, only the last without its 00 00 ff ff; see permessage-deflate.ts,
 * encodeFragment); control frames (pongs) may go between its frames, as RFC 6455 section 5.4 allows.
 *
 * The deflater is one stream shared by every message (context takeover), so what is queued behind
 * such a message must be encoded after it too: while one waits in the queue, every data message and
 * piece sent is queued this way as well, and encoded when its turn comes (Message, Fragment).
 */
import type { RandomBytes } from "./connection";
import type { EncodedPayload, Extension } from "./extension";
import { MASK_KEY_LENGTH, Opcode } from "./frame";
import { encodeFrameHeader } from "./frame-encoder";
import type { FrameSource } from "./outgoing-queue";
import { sub } from "../../lua/kernels";

/** Messages of at least this many bytes that go compressed are deflated as they are taken. */
export const DEFERRED_DEFLATE_BYTES = 64 * 1024;
/** Bytes of such a message deflated into each of its frames. */
export const DEFERRED_FRAME_INPUT = 32 * 1024;

export const enum DeferredKind {
  /** A big message, deflated DEFERRED_FRAME_INPUT bytes per frame (encodePiece). */
  Pieces,
  /** A whole message queued behind such a one: encodeMessage when its turn comes. */
  Message,
  /** A piece of a message sent in pieces, queued behind such a one: encodeFragment then. */
  Fragment,
}

export class DeferredFrames implements FrameSource {
  /** Bytes of the message not made into frames yet, and 2 for the next frame's header (so that an
   *  empty message counts too); 0 once the last frame is made. */
  pending: number;
  header = "";
  payload = "";
  key = "";
  /** Bytes of `data` made into frames so far (Pieces). */
  private made = 0;

  /**
   * `opcode` is the message's type; `frameOpcode` the opcode of a Fragment's frame (Continuation
   * after the first piece); `first` and `fin` say where a Fragment is in its message; `random` makes
   * a client's masking keys (undefined for a server).
   */
  constructor(
    private readonly extension: Extension,
    private readonly kind: DeferredKind,
    private readonly opcode: number,
    private readonly frameOpcode: number,
    private data: string,
    private readonly first: boolean,
    private readonly fin: boolean,
    private readonly compress: boolean | undefined,
    private readonly random: RandomBytes | undefined,
  ) {
    this.pending = data.length + 2;
  }

  /** Encodes the next frame into header, payload and key; `pending` is then what is left. */
  produce(): void {
    const extension = this.extension;
    const data = this.data;
    let encoded: EncodedPayload;
    let opcode: number;
    let fin: boolean;
    const kind = this.kind;
    if (kind === DeferredKind.Pieces) {
      const from = this.made;
      const to = from + DEFERRED_FRAME_INPUT < data.length ? from + DEFERRED_FRAME_INPUT : data.length;
      fin = to >= data.length;
      encoded = extension.encodePiece!(sub(data, from + 1, to), from === 0, fin);
      opcode = from === 0 ? this.opcode : Opcode.Continuation;
      this.made = to;
      this.pending = fin ? 0 : data.length - to + 2;
    } else {
      if (kind === DeferredKind.Message) {
        encoded = extension.encodeMessage(this.opcode, data, this.compress);
        opcode = this.opcode;
        fin = true;
      } else {
        encoded = extension.encodeFragment!(this.opcode, data, this.first, this.fin, this.compress);
        opcode = this.frameOpcode;
        fin = this.fin;
      }
      this.pending = 0;
    }
    // Let a big message go as soon as its last frame is made.
    if (this.pending === 0) this.data = "";
    const key = this.random !== undefined ? this.random(MASK_KEY_LENGTH) : "";
    this.header = encodeFrameHeader(opcode, fin, encoded.payload.length, key, encoded.rsv);
    this.payload = encoded.payload;
    this.key = key;
  }
}
