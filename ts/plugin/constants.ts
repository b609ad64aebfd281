/**
 * The constants game code compares against (SPEC "Constants"). They live on the module and on every
 * client (`ws.ONOPEN`), exactly as the original plugin's docs use them. Only constants belong in this
 * file: index.ts and client.ts publish everything it exports.
 */
import { ReadyState } from "../core/events";
import { TlsVersion } from "../transport/contract";

/** The event name: `ws:addEventListener(ws.WSEVENT, f)`, and a table listener's method name. */
export const WSEVENT = "websocket";

export const ONOPEN = "onOpen";
export const ONMESSAGE = "onMessage";
export const ONCLOSE = "onClose";
export const ONERROR = "onError";
export const ONPONG = "onPong";
/** Server events (SPEC section 7): listening started; a client connected (`event.client`). */
export const ONLISTEN = "onListen";
export const ONCONNECTION = "onConnection";

/** Values of the `tls` connect option: the lowest TLS version accepted. */
export const TLS_1_0: TlsVersion = "1.0";
export const TLS_1_1: TlsVersion = "1.1";
export const TLS_1_2: TlsVersion = "1.2";
export const TLS_1_3: TlsVersion = "1.3";

export const CONNECTING = ReadyState.Connecting;
export const OPEN = ReadyState.Open;
export const CLOSING = ReadyState.Closing;
export const CLOSED = ReadyState.Closed;

