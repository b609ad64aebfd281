/**
 * The one place that decides which transport shim carries the bytes, once, on first use:
 *
 * 1. `plugin.websockets_native`: the operating system's own TCP/TLS (native-android/, native-ios/),
 *    present in device builds that include the native part of the plugin;
 * 2. `plugin.websockets_host`: a transport the host provides (the Node host of the headless simulator
 *    and the tests preloads one);
 * 3. LuaSocket + LuaSec, bundled here: the Solar2D Simulator and plain Lua. It loads even where
 *    LuaSocket is missing, and then fails each connection with a message saying what to install.
 */
import * as luasocketTransport from "../../lua/transport-luasocket";
import { Transport } from "../transport/contract";
import { MessageTransport } from "../transport/message-contract";
import { browserTransport } from "./browser-transport";

const PROVIDED_TRANSPORTS = ["plugin.websockets_native", "plugin.websockets_host"];

function isTransport(value: unknown): value is Transport {
  return type(value) === "table" && type((value as Transport).open) === "function";
}

export function selectTransport(): Transport {
  for (const name of PROVIDED_TRANSPORTS) {
    const [found, module] = pcall(require, name);
    if (found && isTransport(module)) return module;
  }
  return luasocketTransport as unknown as Transport;
}

declare const system: { getInfo(this: void, key: string): unknown } | undefined;

/**
 * Solar2D HTML5 builds (`system.getInfo("platform") == "html5"`): the browser's own WebSocket,
 * through the JavaScript module plugin_websockets_js.js (native-html5/), which Solar2D's loader
 * finds for `require("plugin_websockets_js")`. Elsewhere undefined: bytes go through selectTransport.
 */
export function selectMessageTransport(): MessageTransport | undefined {
  const solar2d = (_G as unknown as Record<string, unknown>)["system"] as typeof system;
  if (solar2d === undefined || type(solar2d.getInfo) !== "function" || solar2d.getInfo("platform") !== "html5") return undefined;
  const [found, module] = pcall(require, "plugin_websockets_js");
  return found ? browserTransport(module) : browserTransport(undefined, tostring(module));
}
