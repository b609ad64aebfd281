/**
 * A connection's own keep-alive pings, for a client's session and a server's peer alike:
 *  - each carries a payload of its own (a count and four random bytes), so only the pongs that
 *    answer them are hidden from the game: a pong for the game's own ping is an ONPONG whatever its
 *    payload, "keep-alive" included;
 *  - one is out at a time, so a peer that does not answer (or does not read) never makes the
 *    connection queue more than one;
 *  - any pong that has arrived answers it, counted as the core decodes it (pongsReceived), not when
 *    the game takes it (SPEC guarantee 6).
 */
import { RandomBytes } from "./entropy";

/** Payloads remembered, so that their pongs stay hidden even when answered late. */
const REMEMBERED = 4;

function hex(bytes: string): string {
  let text = "";
  for (let i = 1; i <= bytes.length; i++) text += string.format("%02x", string.byte(bytes, i));
  return text;
}

export class KeepAlive {
  private recent: string[] = [];
  private count = 0;
  /** A keep-alive ping is out and no pong has come since. */
  private outstanding = false;
  /** The core's pong count when last looked at. */
  private pongsSeen = 0;

  constructor(private readonly random: RandomBytes) {}

  /** The payload of the next keep-alive ping, or undefined while one is out unanswered. */
  next(): string | undefined {
    if (this.outstanding) return undefined;
    this.outstanding = true;
    this.count++;
    const payload = `keep-alive ${this.count} ${hex(this.random(4))}`;
    this.recent.push(payload);
    if (this.recent.length > REMEMBERED) this.recent.shift();
    return payload;
  }

  /** True when a pong has arrived since the last look (the core's count grew): it meets the pong
   *  deadline, whatever it answers and whenever the game takes it, and the ping out is answered. */
  pongsArrived(pongsReceived: number): boolean {
    if (pongsReceived === this.pongsSeen) return false;
    this.pongsSeen = pongsReceived;
    this.outstanding = false;
    return true;
  }

  /** True when a pong with this payload answers one of our pings; it and the pings before it are
   *  then forgotten (a peer answers in order, or answers only the latest). */
  answers(payload: string): boolean {
    const index = this.recent.indexOf(payload);
    if (index < 0) return false;
    this.recent.splice(0, index + 1);
    return true;
  }
}
