/**
 * The protocol core and kernels as they are inside the built plugin, reachable from Lua as
 * `require("plugin.websockets")._core`. Not part of the public API: it exists so that the tests can
 * run the same vectors against the shipped artifact in every runtime.
 */
import * as kernels from "../../lua/kernels";
import * as base64 from "../core/base64";
import * as codec from "../codec/index";
import * as closeCodes from "../core/close-codes";
import { ClientConnection, type ClientConnectionOptions } from "../core/connection";
import * as frameEncoder from "../core/frame-encoder";
import { FrameDecoder } from "../core/frame-decoder";
import * as handshake from "../core/handshake";
import { MessageAssembler } from "../core/message-assembler";
import * as url from "../core/url";
import * as bridgeBase64 from "./bridge-base64";

export const internals = {
  kernels,
  base64,
  closeCodes,
  codec,
  frameEncoder,
  handshake,
  url,
  /** Binary data across Solar2D's HTML5 bridge (browser-transport.ts). */
  bridgeBase64,
  // Classes are built through functions, so Lua callers need not know how classes are compiled.
  newConnection: (options: ClientConnectionOptions) => new ClientConnection(options),
  newFrameDecoder: () => new FrameDecoder(),
  newMessageAssembler: (maxMessageSize: number) => new MessageAssembler(maxMessageSize),
};
