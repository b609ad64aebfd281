/**
 * The service loop: the only place where bytes move and events reach game code (SPEC guarantee 1).
 *
 * Inside Solar2D it runs from a Runtime "enterFrame" listener that exists only while there is work
 * (a client connecting or open, events waiting, a finished stream lingering); elsewhere the host
 * calls `WebSockets.poll()`.
 * Events wait in each client's own queue, in the order they happened, until the dispatch after the
 * service; each is taken off its queue before its listeners run, so an error raised by a listener
 * propagates to the caller (enterFrame or poll) and the remaining events are delivered by the next
 * service.
 */
import { ConnectionEvent } from "../core/events";
import { Listener, Stream, Transport } from "../transport/contract";
import { LingeringStreams } from "./lingering-streams";

/** What the loop needs from a client (and from a server, whose events are its own: server.ts). */
export interface ServicedClient<Event = ConnectionEvent> {
  /** Moves the client's bytes and timers forward. */
  service(now: number): void;
  /** The client's oldest event not yet dispatched, or undefined. */
  nextEvent(now: number): Event | undefined;
  hasEvents(): boolean;
  /** True when the next service has work whatever the transport does (input left by a budget). */
  hasBacklog(): boolean;
  /** True while the client has a stream the loop must keep servicing. */
  isActive(): boolean;
  /** The client's open stream, for `transport.wait`. */
  activeStream(): Stream | undefined;
  /** Optional: more to wait on (a server's listener and its peers' streams). */
  waitables?(): (Stream | Listener)[];
  /** Writes what the client has queued, within what is left of this service's write budget. */
  flush(): void;
  /** A service begins: the client's write budget is available again. */
  beginService(): void;
  nextDeadline(): number | undefined;
  /** Hands one event to the client's listeners. */
  deliver(event: Event): void;
}

/** The most times an idle poll resumes waiting after a lingering stream woke it. */
const IDLE_WAKE_ROUNDS = 64;

declare const Runtime: { addEventListener(name: string, listener: unknown): void; removeEventListener(name: string, listener: unknown): void } | undefined;

export class ServiceLoop {
  /** Finished streams waiting for the server to close TCP. */
  readonly lingering = new LingeringStreams();
  private clients: ServicedClient<unknown>[] = [];
  /** True while listeners run: their sends are written together after the last event. */
  private dispatching = false;
  private frameListenerInstalled = false;
  private readonly frameListener: (this: void) => void;

  constructor(
    private readonly transport: Transport,
    private readonly now: (this: void) => number,
  ) {
    this.frameListener = () => {
      for (const client of this.clients) client.beginService();
      this.serviceAll();
      this.dispatchQueued();
    };
  }

  /** A client started connecting: service it from now on. It stays listed while it is active or
   *  still has events to dispatch. */
  activate(client: ServicedClient<unknown>): void {
    if (this.clients.indexOf(client) < 0) this.clients.push(client);
    this.updateFrameListener();
  }

  /**
   * `WebSockets.poll(timeout)`: writes what the clients queued, waits up to `timeout` s for I/O (not
   * at all when events are already waiting; the transport returns at once when a stream is ready),
   * services every client and dispatches. Returns the number of events dispatched.
   *
   * Reading and the timers come only after the wait: in a host whose sockets deliver data only while
   * it waits (the Node host runs its event loop then), bytes that arrived while game code was busy
   * must reach the core before a timeout can declare the connection lost.
   */
  poll(timeout: number): number {
    const wait = this.transport.wait;
    if (this.clients.length === 0) {
      this.idle(timeout);
      return 0;
    }
    for (const client of this.clients) client.beginService();
    if (wait !== undefined) {
      for (const client of this.clients) client.flush();
      wait(this.streams(), this.pendingWork() ? 0 : this.waitTime(timeout));
    }
    this.serviceAll();
    return this.dispatchQueued();
  }

  /**
   * Nothing active: wait out the whole timeout anyway (SPEC section 1), so a loop paced by poll never
   * spins. Lingering streams are serviced when they wake the wait; the rounds are capped so that a
   * wait that returns early without the clock moving cannot hold poll forever.
   */
  private idle(timeout: number): void {
    const wait = this.transport.wait;
    const deadline = this.now() + timeout;
    let remaining = timeout;
    for (let round = 0; round < IDLE_WAKE_ROUNDS && (remaining > 0 || round === 0); round++) {
      if (wait !== undefined && remaining > 0) wait(this.lingering.streams(), remaining);
      if (this.lingering.count() > 0) this.lingering.service(this.now());
      remaining = deadline - this.now();
    }
  }

  /** Services all active clients; their events wait in their queues for dispatchQueued. */
  serviceAll(): void {
    const now = this.now();
    this.dispatching = false;
    if (this.lingering.count() > 0) this.lingering.service(now);
    for (const client of this.clients) {
      if (client.isActive()) client.service(now);
    }
  }

  /** True while listeners run; a send made then is written after the last event of the batch. */
  isDispatching(): boolean {
    return this.dispatching;
  }

  /** Delivers every waiting event, client by client, then writes what the listeners sent; returns
   *  how many. A client is dropped from the list once it is neither active nor has events left. */
  dispatchQueued(): number {
    let delivered = 0;
    const now = this.now();
    this.dispatching = true;
    let i = 0;
    while (i < this.clients.length) {
      const client = this.clients[i];
      for (let event = client.nextEvent(now); event !== undefined; event = client.nextEvent(now)) {
        delivered++;
        client.deliver(event);
      }
      if (client.isActive() || client.hasEvents()) {
        i++;
      } else {
        this.clients.splice(i, 1);
      }
    }
    this.dispatching = false;
    if (delivered > 0) {
      for (const client of this.clients) client.flush();
    }
    this.updateFrameListener();
    return delivered;
  }

  /** Events waiting, or input a read budget left behind: the next service has work at once. */
  private pendingWork(): boolean {
    for (const client of this.clients) {
      if (client.hasEvents() || client.hasBacklog()) return true;
    }
    return false;
  }

  private streams(): (Stream | Listener)[] {
    const streams: (Stream | Listener)[] = this.lingering.streams();
    for (const client of this.clients) {
      const stream = client.activeStream();
      if (stream !== undefined) streams.push(stream);
      if (client.waitables !== undefined) {
        for (const more of client.waitables()) streams.push(more);
      }
    }
    return streams;
  }

  /** Never sleep past a timer (connect timeout, keep-alive, pong timeout) that is due sooner. */
  private waitTime(timeout: number): number {
    let wait = timeout;
    const now = this.now();
    for (const client of this.clients) {
      const deadline = client.nextDeadline();
      if (deadline !== undefined && deadline - now < wait) wait = math.max(0, deadline - now);
    }
    return wait;
  }

  /** Keeps the enterFrame listener installed exactly while there is work for it (Solar2D only). */
  private updateFrameListener(): void {
    const runtime = (_G as unknown as Record<string, unknown>)["Runtime"] as typeof Runtime;
    if (runtime === undefined || type(runtime.addEventListener) !== "function") return;
    const needed = this.clients.length > 0 || this.lingering.count() > 0;
    if (needed && !this.frameListenerInstalled) {
      runtime.addEventListener("enterFrame", this.frameListener);
      this.frameListenerInstalled = true;
    } else if (!needed && this.frameListenerInstalled) {
      runtime.removeEventListener("enterFrame", this.frameListener);
      this.frameListenerInstalled = false;
    }
  }
}
