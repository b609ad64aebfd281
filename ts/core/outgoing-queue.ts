/**
 * The frames a connection has queued for the peer, kept as unjoined pieces (header, payload, masking
 * key) and taken from an offset: a big payload is never copied to join it to its header, and it is
 * masked lazily, only as far as the writer takes it, so taking at most n bytes costs O(n) whatever
 * the message size (SPEC guarantee 7). A frame source (deferred-frames.ts) stands for frames not
 * encoded yet: each is made when the take reaches it, and one take makes frames of at most about
 * n bytes of input, so a big compressed message is deflated as it is written.
 */
import { join, mask, sub } from "../../lua/kernels";
import { MASK_KEY_LENGTH } from "./frame";

/** Frames made when they are taken: produce() sets header, payload and key of the next one. */
export interface FrameSource {
  /** Input bytes not made into frames yet and 2 for the next frame's header, counted in the queue's
   *  size as they are; 0 once the last frame was made. */
  pending: number;
  header: string;
  payload: string;
  key: string;
  produce(): void;
}

export class OutgoingQueue {
  /** Bytes queued and not yet taken; a frame source's input counts as its bytes not made into
   *  frames yet. */
  size = 0;
  /** Frame sources queued (they stay until their last frame is taken). */
  sourceCount = 0;
  /** The source of each slot that has one: its header is "" until its next frame is made. */
  private sources: (FrameSource | undefined)[] = [];
  /** Frames headers[head] .. headers[tail - 1]; keys "" for unmasked frames (a server's). */
  private headers: string[] = [];
  private payloads: string[] = [];
  private keys: string[] = [];
  private head = 0;
  private tail = 0;
  /** Bytes of the head frame (header, then payload) already taken. */
  private offset = 0;

  /** Queues one frame: its header, its payload as the caller gave it, and the key to mask it with. */
  push(header: string, payload: string, maskKey: string): void {
    const tail = this.tail;
    this.headers[tail] = header;
    this.payloads[tail] = payload;
    this.keys[tail] = maskKey;
    this.tail = tail + 1;
    this.size += header.length + payload.length;
  }

  /** Queues a source of frames, made as they are taken. */
  pushSource(source: FrameSource): void {
    const tail = this.tail;
    this.headers[tail] = "";
    this.payloads[tail] = "";
    this.keys[tail] = "";
    this.sources[tail] = source;
    this.tail = tail + 1;
    this.size += source.pending;
    this.sourceCount++;
  }

  /** True when no frame has been partly taken, so a control frame may be put before the rest. */
  atFrameBoundary(): boolean {
    return this.offset === 0;
  }

  /** At most `maxBytes` of the queued bytes, in order (all of them when undefined); "" when none. */
  take(maxBytes?: number): string {
    const size = this.size;
    if (size === 0) return "";
    const head = this.head;
    if (head + 1 === this.tail && this.offset === 0 && this.sourceCount === 0 && (maxBytes === undefined || maxBytes >= size)) {
      // One whole frame (a send written at once, the per-message path): no table, one join.
      const header = this.headers[head];
      const payload = this.payloads[head];
      const key = this.keys[head];
      this.payloads[head] = "";
      this.head = 0;
      this.tail = 0;
      this.size = 0;
      if (payload === "") return header;
      return header + (key === "" ? payload : mask(payload, key));
    }
    let budget = maxBytes === undefined || maxBytes > size ? size : maxBytes;
    const parts: string[] = [];
    // Input a source may still make into frames in this take (at least one frame).
    let input = budget;
    const sources = this.sourceCount > 0;
    while (budget > 0) {
      const head = this.head;
      if (sources) {
        // A source's input counts in the size until it is encoded: its frames may be fewer bytes.
        if (head >= this.tail) break;
        const source = this.sources[head];
        if (source !== undefined && this.headers[head] === "") {
          if (input <= 0) break;
          const before = source.pending;
          source.produce();
          const used = before - source.pending;
          input -= used;
          this.headers[head] = source.header;
          this.payloads[head] = source.payload;
          this.keys[head] = source.key;
          this.size += source.header.length + source.payload.length - used;
          source.header = "";
          source.payload = "";
        }
      }
      const header = this.headers[head];
      const payload = this.payloads[head];
      const key = this.keys[head];
      const total = header.length + payload.length;
      const offset = this.offset;
      if (offset === 0 && total <= budget) {
        // The whole frame: the common case of small frames, one mask call and no substring.
        parts.push(header);
        if (payload.length > 0) parts.push(key === "" ? payload : mask(payload, key));
        budget -= total;
        this.dropHead();
        continue;
      }
      const end = offset + budget < total ? offset + budget : total;
      if (offset < header.length) parts.push(sub(header, offset + 1, end < header.length ? end : header.length));
      if (end > header.length) {
        const from = offset > header.length ? offset - header.length : 0;
        const slice = sub(payload, from + 1, end - header.length);
        parts.push(key === "" ? slice : mask(slice, rotated(key, from % MASK_KEY_LENGTH)));
      }
      budget -= end - offset;
      if (end === total) {
        this.dropHead();
      } else {
        this.offset = end;
      }
    }
    // The join kernel: a take of many frames (up to the writer's 256 KiB) is one pass on Lua 5.1 too.
    const taken = parts.length === 1 ? parts[0] : parts.length === 0 ? "" : join(parts);
    this.size -= taken.length;
    return taken;
  }

  /** Forgets everything queued. */
  clear(): void {
    this.headers = [];
    this.payloads = [];
    this.keys = [];
    this.sources = [];
    this.sourceCount = 0;
    this.head = 0;
    this.tail = 0;
    this.offset = 0;
    this.size = 0;
  }

  private dropHead(): void {
    const head = this.head;
    // Let the payload go as soon as it is written: it may be megabytes.
    this.payloads[head] = "";
    this.offset = 0;
    if (this.sourceCount > 0) {
      const source = this.sources[head];
      if (source !== undefined) {
        if (source.pending > 0) {
          // More frames to make: the slot stays at the head, its next frame not made yet.
          this.headers[head] = "";
          return;
        }
        this.sources[head] = undefined;
        this.sourceCount--;
      }
    }
    if (head + 1 >= this.tail) {
      // Empty again: the slots are reused (each is overwritten before it is read).
      this.head = 0;
      this.tail = 0;
    } else {
      this.head = head + 1;
    }
  }
}

/** The key as seen from its byte `turn` on: payload byte n is XORed with key byte n % 4 (section 5.3). */
function rotated(key: string, turn: number): string {
  return turn === 0 ? key : sub(key, turn + 1) + sub(key, 1, turn);
}
