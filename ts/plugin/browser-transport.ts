/**
 * The message transport of Solar2D HTML5 builds: the Lua side of native-html5/plugin_websockets_js.js,
 * reached through Solar2D's Lua-JavaScript bridge.
 *
 * What the bridge does (Solar2D's platform/emscripten/Rtt_EmscriptenJSPluginLoader.cpp):
 * `require("plugin_websockets_js")` loads plugin_websockets_js.js, which defines
 * `window.plugin_websockets_js`; each call `module.f(a, b)` JSON-encodes its arguments with dkjson,
 * calls the JavaScript function, and JSON-decodes what it returns. So only JSON values cross: plain
 * numbers, booleans, UTF-8 strings, arrays and objects. Binary message data crosses as base64
 * (bridge-base64.ts); text crosses as it is, since `send` accepts only valid UTF-8 and the browser
 * delivers text as UTF-16 that JSON turns back into the same UTF-8.
 *
 * Nothing here registers a Lua function with JavaScript: the plugin polls the module from its
 * service loop, so the browser never calls into Lua, and nothing is left to release.
 */
import { MessageSocket, MessageTransport, SocketEvent } from "../transport/message-contract";
import { decodeBase64, encodeBase64 } from "./bridge-base64";

/** The JavaScript module as the bridge presents it (see plugin_websockets_js.js for each call). */
interface BrowserModule {
  open(this: void, url: string, protocols: string, maxMessageSize: number): { id?: number; error?: string } | undefined;
  send(this: void, id: number, data: string, binary: boolean): { buffered?: number; error?: string } | undefined;
  append(this: void, id: number, piece: string, binary: boolean, final: boolean): { buffered?: number; error?: string } | undefined;
  close(this: void, id: number, code: number, reason: string): void;
  poll(this: void, id: number, budget: number): { buffered?: number; events?: LuaTable<number, RawEvent> } | undefined;
  release(this: void, id: number): void;
}

/** One event as the module encodes it: short keys keep the JSON small. */
interface RawEvent {
  /** "open", "message", "error", "close" */
  t: string;
  /** open: protocol; message: data (base64 when binary); close, error: reason */
  d?: string;
  /** open: extensions */
  x?: string;
  /** message: binary */
  b?: boolean;
  /** message: not the last piece */
  more?: boolean;
  /** close, error: code */
  c?: number;
  /** close: wasClean */
  w?: boolean;
  /** error: the module's own verdict ("limit") */
  k?: string;
}

function toSocketEvent(raw: RawEvent): SocketEvent | undefined {
  switch (raw.t) {
    case "open":
      return { type: "open", protocol: raw.d ?? "", extensions: raw.x ?? "" };
    case "message": {
      const binary = raw.b === true;
      const data = raw.d ?? "";
      return { type: "message", data: binary ? decodeBase64(data) : data, binary, final: raw.more !== true };
    }
    case "error":
      return raw.k === "limit" ? { type: "error", errorType: "limit", code: raw.c, reason: raw.d } : { type: "error" };
    case "close":
      return { type: "close", code: raw.c ?? 1006, reason: raw.d ?? "", wasClean: raw.w === true };
  }
  return undefined;
}

class BrowserSocket implements MessageSocket {
  private buffered = 0;
  private released = false;

  constructor(
    private readonly module: BrowserModule,
    private readonly id: number,
  ) {}

  poll(budget: number): SocketEvent[] {
    const events: SocketEvent[] = [];
    if (this.released) return events;
    const answer = this.module.poll(this.id, budget);
    if (answer === undefined) return events;
    if (answer.buffered !== undefined) this.buffered = answer.buffered;
    const raw = answer.events;
    if (raw === undefined) return events;
    for (let i = 1; i <= raw.length(); i++) {
      const event = toSocketEvent(raw.get(i));
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  send(data: string, binary: boolean): true | string {
    return this.answered(this.module.send(this.id, binary ? encodeBase64(data) : data, binary));
  }

  append(piece: string, binary: boolean, final: boolean): true | string {
    return this.answered(this.module.append(this.id, binary ? encodeBase64(piece) : piece, binary, final));
  }

  private answered(answer: { buffered?: number; error?: string } | undefined): true | string {
    if (answer === undefined) return "send: the browser's WebSocket did not answer";
    if (answer.error !== undefined) return `send: ${answer.error}`;
    if (answer.buffered !== undefined) this.buffered = answer.buffered;
    return true;
  }

  close(code: number, reason: string): void {
    this.module.close(this.id, code, reason);
  }

  bufferedAmount(): number {
    return this.buffered;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.buffered = 0;
    this.module.release(this.id);
  }
}

/** The transport over the JavaScript module `module` (the table `require("plugin_websockets_js")`
 *  returned), or over nothing when it did not load: then every connect fails with `loadError`. */
export function browserTransport(module: unknown, loadError?: string): MessageTransport {
  // Each property read of a bridged module is a call into JavaScript: look the functions up once.
  const m = module as BrowserModule | undefined;
  const bound: BrowserModule | undefined =
    m === undefined
      ? undefined
      : { open: m.open, send: m.send, append: m.append, close: m.close, poll: m.poll, release: m.release };
  return {
    name: "browser",
    open(url: string, protocols: string[], maxMessageSize: number): MessageSocket | string {
      if (bound === undefined) return `the browser transport plugin_websockets_js did not load: ${loadError ?? "unknown reason"}`;
      // Subprotocol tokens cannot hold a comma (RFC 6455 section 4.1), so one string carries the
      // list without dkjson having to tell an empty array from an empty object.
      const answer = bound.open(url, table.concat(protocols, ","), maxMessageSize);
      if (answer === undefined || answer.id === undefined) {
        return answer?.error ?? "the browser's WebSocket did not start";
      }
      return new BrowserSocket(bound, answer.id);
    },
  };
}
