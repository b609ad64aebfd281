/**
 * The protocol core and kernels as they are inside the built plugin, reachable from Lua as
 * `require("plugin.websockets._core")` once the plugin has loaded (index.ts registers it in
 * package.loaded; the module table itself holds only the public API). Not part of the public API:
 * it exists so that the tests can run the same vectors against the shipped artifact in every runtime.
 */
import * as kernels from "../../lua/kernels";
import * as base64 from "../core/base64";
import * as codec from "../codec/index";
import * as closeCodes from "../core/close-codes";
import { ClientConnection, type ClientConnectionOptions } from "../core/client-connection";
import { Connection, type ConnectionOptions, MAX_BUFFERED_INPUT, MAX_QUEUED_BYTES, MAX_QUEUED_EVENTS } from "../core/connection";
import * as extensionHeader from "../core/extension-header";
import * as deflateNegotiation from "../core/deflate-negotiation";
import { ServerConnection, type ServerConnectionOptions } from "../core/server-connection";
import * as serverHandshake from "../core/server-handshake";
import * as frameEncoder from "../core/frame-encoder";
import { FrameDecoder, type FrameDecoderOptions } from "../core/frame-decoder";
import * as handshake from "../core/client-handshake";
import { MessageAssembler } from "../core/message-assembler";
import * as url from "../core/url";
import * as bridgeBase64 from "./bridge-base64";
import * as serviceBudget from "./service-budget";

export const internals = {
  kernels,
  base64,
  closeCodes,
  codec,
  frameEncoder,
  handshake,
  serverHandshake,
  extensionHeader,
  /** permessage-deflate's offer, answer check and server choice (RFC 7692 section 7.1). */
  deflateNegotiation,
  url,
  /** Binary data across Solar2D's HTML5 bridge (browser-transport.ts). */
  bridgeBase64,
  /** What one service may do (service-budget.ts) and when the core stops wanting input: the
   *  scripted cases check the plugin against these values, not against copies of them. */
  budgets: { ...serviceBudget, MAX_QUEUED_EVENTS, MAX_QUEUED_BYTES, MAX_BUFFERED_INPUT },
  // Classes are built through functions, so Lua callers need not know how classes are compiled.
  newConnection: (options: ClientConnectionOptions) => new ClientConnection(options),
  newFrameDecoder: (options?: FrameDecoderOptions) => new FrameDecoder(options),
  /** The connection in either role (role 0 client, 1 server), without a handshake: open() it. */
  newRoleConnection: (options: ConnectionOptions) => new Connection(options),
  newServerConnection: (options: ServerConnectionOptions) => new ServerConnection(options),
  newMessageAssembler: (maxMessageSize: number) => new MessageAssembler(maxMessageSize),
};
