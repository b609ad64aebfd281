/**
 * A message the application sends in pieces (SPEC section 9; RFC 6455 section 5.4, fragmentation):
 * `send(piece, { fin = false })` ... `send(last)`. The first piece sets the message's type and goes
 * out as a Text or Binary frame without FIN, later ones as Continuation frames, the last with FIN.
 * A text message may be cut anywhere, even inside a UTF-8 sequence: each piece is validated with the
 * carry of the pieces before it (kernels.utf8Continue), so a piece whose bytes cannot continue valid
 * UTF-8, or a last piece that leaves a sequence unfinished, is refused before anything of it is
 * queued, and nothing invalid ever reaches the wire ("The fragments of one message MUST NOT be
 * interleaved", section 5.4; invalid text is what section 8.1 fails a connection for).
 *
 * Used by the protocol core (connection.ts) and by the browser's message session, which has no
 * frames but the same rules.
 */
import { utf8Continue } from "../../lua/kernels";
import { Opcode } from "./frame";

/** What became of a piece. Anything but Accepted left the message as it was. */
export const enum PieceVerdict {
  Accepted = 0,
  /** The connection is not OPEN. */
  NotOpen = 1,
  /** Binary where the message is text, or text where it is binary. */
  TypeMismatch = 2,
  /** Bytes that cannot continue valid UTF-8 (with the pieces before them). */
  InvalidUtf8 = 3,
  /** The last piece of a text message ends inside a UTF-8 sequence. */
  UnfinishedUtf8 = 4,
  /** The pieces held for the message would exceed what may be held (message sessions only). */
  TooBig = 5,
}

export class OutgoingStream {
  /** The open message's type, Opcode.Text or Opcode.Binary; Opcode.Continuation when none is open. */
  opcode: number = Opcode.Continuation;
  /** The incomplete UTF-8 sequence at the end of the text pieces taken so far. */
  private carry = "";
  /** The carry after the piece judged last (taken by advance). */
  private judgedCarry = "";

  isOpen(): boolean {
    return this.opcode !== Opcode.Continuation;
  }

  /** Whether the piece may go: its type against the message's, its text against the carry. Changes
   *  nothing; a piece that is Accepted is then taken with advance(). */
  judge(data: string, binary: boolean, fin: boolean): PieceVerdict {
    const open = this.opcode;
    if (open !== Opcode.Continuation && (open === Opcode.Binary) !== binary) return PieceVerdict.TypeMismatch;
    if (binary) return PieceVerdict.Accepted;
    const carry = utf8Continue(open === Opcode.Continuation ? "" : this.carry, data);
    if (carry === undefined) return PieceVerdict.InvalidUtf8;
    if (fin && carry !== "") return PieceVerdict.UnfinishedUtf8;
    this.judgedCarry = carry;
    return PieceVerdict.Accepted;
  }

  /** Takes the piece judged last: returns the opcode of its frame (the message's type for the first
   *  piece, Continuation after it); `fin` ends the message. */
  advance(binary: boolean, fin: boolean): number {
    const first = this.opcode === Opcode.Continuation;
    const frameOpcode = first ? (binary ? Opcode.Binary : Opcode.Text) : Opcode.Continuation;
    if (fin) {
      this.opcode = Opcode.Continuation;
      this.carry = "";
    } else {
      if (first) this.opcode = frameOpcode;
      this.carry = binary ? "" : this.judgedCarry;
    }
    return frameOpcode;
  }

  /** The unfinished UTF-8 sequence at the end of the open text message so far ("" when none). */
  unfinishedSequence(): string {
    return this.carry;
  }

  /** Forgets the open message (the connection ended). */
  reset(): void {
    this.opcode = Opcode.Continuation;
    this.carry = "";
  }
}
