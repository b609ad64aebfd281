/**
 * The events of one connection waiting for dispatch, in the order they happened, with their count and
 * the bytes of data they hold: the figures backpressure is judged by (service-budget.ts).
 */
import { ConnectionEvent } from "../core/events";

export class EventQueue {
  /** Events waiting. */
  count = 0;
  /** Bytes of message and pong data in the waiting events. */
  bytes = 0;
  private items: ConnectionEvent[] = [];
  private head = 0;

  push(event: ConnectionEvent): void {
    this.items[this.head + this.count] = event;
    this.count++;
    if (event.type === "message" || event.type === "pong") this.bytes += event.data.length;
  }

  /** The oldest event, removed; undefined when none waits. */
  shift(): ConnectionEvent | undefined {
    if (this.count === 0) return undefined;
    const event = this.items[this.head];
    // Let a delivered message's data be collected even while later events still wait.
    this.items[this.head] = undefined as unknown as ConnectionEvent;
    this.count--;
    if (this.count === 0) {
      this.items = [];
      this.head = 0;
      this.bytes = 0;
    } else {
      this.head++;
      if (event.type === "message" || event.type === "pong") this.bytes -= event.data.length;
    }
    return event;
  }
}
