/**
 * The negotiation of permessage-deflate (RFC 7692 section 7.1), both ways: the client's offer, the
 * client's check of the server's answer (every valid answer accepted, anything invalid or not
 * offered refused, section 7.1: "the client MUST _Fail the WebSocket Connection_"), and the server's
 * answer to a client's offers. Pure functions over the parsed header (extension-header.ts); the
 * result is the DeflateAgreement the extension object (permessage-deflate.ts) runs with.
 */
import { buildExtensionHeader, type ExtensionOffer, type ExtensionParam } from "./extension-header";
import { type DeflateAgreement, PERMESSAGE_DEFLATE } from "./permessage-deflate";

/** The `compression` settings of SPEC section 6 (defaults filled in). */
export interface DeflateSettings {
  threshold: number;
  level: number;
  clientNoContextTakeover: boolean;
  serverNoContextTakeover: boolean;
  /** 8-15; below 15 it is offered as client_max_window_bits=N. */
  clientMaxWindowBits: number;
  /** 8-15; below 15 it is offered as server_max_window_bits=N. */
  serverMaxWindowBits: number;
}

export const DEFAULT_DEFLATE_SETTINGS: DeflateSettings = {
  threshold: 1024,
  level: 1,
  clientNoContextTakeover: false,
  serverNoContextTakeover: false,
  clientMaxWindowBits: 15,
  serverMaxWindowBits: 15,
};

const SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
const CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
const SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
const CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

/** The texts of the window sizes 8-15 (section 7.1.2: 1*DIGIT, no leading zero); written out so
 *  that Lua 5.3's floats never print as "12.0". */
const WINDOW_BITS_TEXT = ["8", "9", "10", "11", "12", "13", "14", "15"];

function bitsText(bits: number): string {
  return WINDOW_BITS_TEXT[bits - 8];
}

/** "8" .. "15" as a number, else undefined. */
function windowBits(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const index = WINDOW_BITS_TEXT.indexOf(value);
  return index < 0 ? undefined : index + 8;
}

/** The client's offer: `permessage-deflate; client_max_window_bits` with the defaults, as browsers
 *  send it (the bare client_max_window_bits lets the server ask for a smaller window). */
export function buildDeflateOffer(settings: DeflateSettings): string {
  const params: ExtensionParam[] = [];
  if (settings.clientNoContextTakeover) params.push({ name: CLIENT_NO_CONTEXT_TAKEOVER });
  if (settings.serverNoContextTakeover) params.push({ name: SERVER_NO_CONTEXT_TAKEOVER });
  if (settings.serverMaxWindowBits < 15) params.push({ name: SERVER_MAX_WINDOW_BITS, value: bitsText(settings.serverMaxWindowBits) });
  params.push(
    settings.clientMaxWindowBits < 15
      ? { name: CLIENT_MAX_WINDOW_BITS, value: bitsText(settings.clientMaxWindowBits) }
      : { name: CLIENT_MAX_WINDOW_BITS },
  );
  return buildExtensionHeader([{ name: PERMESSAGE_DEFLATE, params }]);
}

/** The parameters of one offer or answer, each at most once and well formed, or why not. */
interface ParsedParams {
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  serverMaxWindowBits?: number;
  /** 0 for a client_max_window_bits without a value (allowed in an offer only). */
  clientMaxWindowBits?: number;
}

function parseParams(params: ExtensionParam[], isOffer: boolean): ParsedParams | string {
  const parsed: ParsedParams = { serverNoContextTakeover: false, clientNoContextTakeover: false };
  const seen: string[] = [];
  for (const param of params) {
    const name = param.name;
    if (seen.indexOf(name) >= 0) return `parameter ${name} appears twice`;
    seen.push(name);
    if (name === SERVER_NO_CONTEXT_TAKEOVER || name === CLIENT_NO_CONTEXT_TAKEOVER) {
      if (param.value !== undefined) return `parameter ${name} takes no value`;
      if (name === SERVER_NO_CONTEXT_TAKEOVER) parsed.serverNoContextTakeover = true;
      else parsed.clientNoContextTakeover = true;
    } else if (name === SERVER_MAX_WINDOW_BITS) {
      const bits = windowBits(param.value);
      if (bits === undefined) return `parameter ${name} needs a value from 8 to 15`;
      parsed.serverMaxWindowBits = bits;
    } else if (name === CLIENT_MAX_WINDOW_BITS) {
      if (param.value === undefined && isOffer) {
        parsed.clientMaxWindowBits = 0;
      } else {
        const bits = windowBits(param.value);
        if (bits === undefined) return `parameter ${name} needs a value from 8 to 15`;
        parsed.clientMaxWindowBits = bits;
      }
    } else {
      return `unknown parameter ${name}`;
    }
  }
  return parsed;
}

/** What a client runs with, or why the handshake fails. */
export type ClientNegotiation = { agreement?: DeflateAgreement } | { problem: string };

/**
 * The client's check of the server's Sec-WebSocket-Extensions answer (parsed) to our offer of
 * `settings`. No element: an uncompressed connection. One valid permessage-deflate: its agreement.
 */
export function acceptDeflateAnswer(answer: ExtensionOffer[], settings: DeflateSettings): ClientNegotiation {
  if (answer.length === 0) return {};
  const names: string[] = [];
  for (const element of answer) names.push(element.name);
  if (answer.length > 1 || answer[0].name !== PERMESSAGE_DEFLATE) {
    return { problem: `the server uses extensions that were not offered: ${names.join(", ")}` };
  }
  const parsed = parseParams(answer[0].params, false);
  if (typeof parsed === "string") return { problem: `invalid permessage-deflate answer: ${parsed}` };
  // Section 7.1.1.1: a server accepting server_no_context_takeover "MUST include" it.
  if (settings.serverNoContextTakeover && !parsed.serverNoContextTakeover) {
    return { problem: "invalid permessage-deflate answer: server_no_context_takeover was offered and not answered" };
  }
  // Section 7.1.2.1: an offered server_max_window_bits must be answered with at most that.
  let serverBits = parsed.serverMaxWindowBits ?? 15;
  if (settings.serverMaxWindowBits < 15) {
    if (parsed.serverMaxWindowBits === undefined || serverBits > settings.serverMaxWindowBits) {
      return { problem: `invalid permessage-deflate answer: server_max_window_bits must be at most ${settings.serverMaxWindowBits}` };
    }
  }
  // Section 7.1.2.2: client_max_window_bits is answered only when offered, with at most the offer.
  let clientBits = settings.clientMaxWindowBits;
  if (parsed.clientMaxWindowBits !== undefined) {
    if (parsed.clientMaxWindowBits > settings.clientMaxWindowBits) {
      return { problem: `invalid permessage-deflate answer: client_max_window_bits must be at most ${settings.clientMaxWindowBits}` };
    }
    clientBits = parsed.clientMaxWindowBits;
  }
  if (serverBits < 8) serverBits = 8;
  return {
    agreement: {
      peerNoContextTakeover: parsed.serverNoContextTakeover,
      ownNoContextTakeover: parsed.clientNoContextTakeover || settings.clientNoContextTakeover,
      peerWindowBits: serverBits,
      ownWindowBits: clientBits,
    },
  };
}

/** What a server answers and runs with; undefined when no offer is acceptable (no extension). */
export interface ServerNegotiation {
  header: string;
  agreement: DeflateAgreement;
}

/**
 * The server's choice among the client's offers (in the client's order of preference, section
 * 5): the first valid permessage-deflate offer, answered with the parameters in force. An invalid
 * offer is declined (section 7.1: "a server MUST decline an extension negotiation offer" with
 * unknown, duplicate or invalid parameters) and the next one considered.
 */
export function answerDeflateOffers(offers: ExtensionOffer[], settings: DeflateSettings): ServerNegotiation | undefined {
  for (const offer of offers) {
    if (offer.name !== PERMESSAGE_DEFLATE) continue;
    const parsed = parseParams(offer.params, true);
    if (typeof parsed === "string") continue;
    const params: ExtensionParam[] = [];
    const serverNoContextTakeover = parsed.serverNoContextTakeover || settings.serverNoContextTakeover;
    const clientNoContextTakeover = parsed.clientNoContextTakeover || settings.clientNoContextTakeover;
    if (serverNoContextTakeover) params.push({ name: SERVER_NO_CONTEXT_TAKEOVER });
    if (clientNoContextTakeover) params.push({ name: CLIENT_NO_CONTEXT_TAKEOVER });
    let serverBits = settings.serverMaxWindowBits;
    if (parsed.serverMaxWindowBits !== undefined && parsed.serverMaxWindowBits < serverBits) serverBits = parsed.serverMaxWindowBits;
    if (serverBits < 15 || parsed.serverMaxWindowBits !== undefined) params.push({ name: SERVER_MAX_WINDOW_BITS, value: bitsText(serverBits) });
    // Without client_max_window_bits in the offer the client may use 15 bits whatever we prefer.
    let clientBits = 15;
    if (parsed.clientMaxWindowBits !== undefined) {
      clientBits = settings.clientMaxWindowBits;
      if (parsed.clientMaxWindowBits !== 0 && parsed.clientMaxWindowBits < clientBits) clientBits = parsed.clientMaxWindowBits;
      if (clientBits < 15) params.push({ name: CLIENT_MAX_WINDOW_BITS, value: bitsText(clientBits) });
    }
    return {
      header: buildExtensionHeader([{ name: PERMESSAGE_DEFLATE, params }]),
      agreement: {
        peerNoContextTakeover: clientNoContextTakeover,
        ownNoContextTakeover: serverNoContextTakeover,
        peerWindowBits: clientBits,
        ownWindowBits: serverBits,
      },
    };
  }
  return undefined;
}
