/**
 * The message-level transport contract: what a platform that speaks WebSocket itself gives the
 * plugin. In a browser (Solar2D HTML5 builds) the page's own `WebSocket` does the handshake, the
 * framing, TLS and compression, so the protocol core is not used there; the plugin layer drives a
 * socket that hands over whole messages and close codes instead of bytes.
 *
 * Like the byte-stream contract (contract.ts) it is polled: the plugin asks for what happened from
 * its service loop, and the transport never calls into Lua on its own, so events keep SPEC
 * guarantee 1 (dispatched only from the loop, in order).
 *
 * The only implementation is ts/plugin/browser-transport.ts, over native-html5/plugin_websockets_js.js.
 *
 * @noSelfInFile
 */

/** What a socket reports, oldest first. Message data is a Lua string of the exact bytes. */
export type SocketEvent =
  | { type: "open"; protocol: string; extensions: string }
  /** `final` is false for every piece of a message but its last: a big message crosses in slices
   *  so that one service stays short; the plugin joins them. */
  | { type: "message"; data: string; binary: boolean; final: boolean }
  /** The browser's `error` event (it carries no detail), or the transport's own verdict when
   *  `errorType` is set (e.g. "limit" with code 1009 after a message over maxMessageSize). */
  | { type: "error"; errorType?: "limit"; code?: number; reason?: string }
  /** The browser's `close` event: the last event of a socket. */
  | { type: "close"; code: number; reason: string; wasClean: boolean };

export interface MessageSocket {
  /** What happened since the last call, at most about `budget` bytes of message data (at least one
   *  piece when any is waiting). Never raises. */
  poll(this: MessageSocket, budget: number): SocketEvent[];
  /** Sends one message (OPEN only); true, or a message saying why not. */
  send(this: MessageSocket, data: string, binary: boolean): true | string;
  /** Hands over one piece of a big message; the last (`final`) sends the whole message. Pieces of
   *  a binary message are a multiple of 3 bytes long but for the last; pieces of a text message
   *  end on character boundaries. */
  append(this: MessageSocket, piece: string, binary: boolean, final: boolean): true | string;
  /** Starts the close handshake (code 1000 or 3000-4999; reason at most 123 bytes of UTF-8). */
  close(this: MessageSocket, code: number, reason: string): void;
  /** Bytes accepted by send and not yet handed to the network: the browser's bufferedAmount, as of
   *  the last send or poll. */
  bufferedAmount(this: MessageSocket): number;
  /** Forgets the socket, closing it first if it is still connecting or open. Nothing it does
   *  afterwards is reported. Idempotent. */
  release(this: MessageSocket): void;
}

export interface MessageTransport {
  /** Short name for diagnostics: "browser". */
  name: string;
  /** Starts connecting to `url` offering `protocols`; messages over `maxMessageSize` bytes fail the
   *  connection with 1009. A string when the browser refused to start at all (e.g. a URL it
   *  rejects): the plugin turns it into ONERROR + ONCLOSE. */
  open(this: void, url: string, protocols: string[], maxMessageSize: number): MessageSocket | string;
  /** Optional. A monotonic clock in seconds. */
  now?(this: void): number;
}
