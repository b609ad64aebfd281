// Negotiation vectors for permessage-deflate (RFC 7692 section 7.1), shared by the TypeScript test
// (core-deflate-negotiation.test.ts) and the built-Lua run (core-lua-vectors.test.ts).
import type { DeflateSettings } from "../../ts/core/deflate-negotiation";
import type { DeflateAgreement } from "../../ts/core/permessage-deflate";

export interface OfferVector {
  name: string;
  settings: Partial<DeflateSettings>;
  offer: string;
}

export interface AnswerVector {
  settings: Partial<DeflateSettings>;
  answer: string;
  /** Accepted: the agreement (undefined for "no extension"). */
  agreement?: DeflateAgreement;
  /** Refused: a part of the reason. */
  problem?: string;
}

export interface ServerVector {
  settings: Partial<DeflateSettings>;
  offers: string;
  /** The answer header, or undefined when every offer is declined. */
  answer: string | undefined;
  agreement?: DeflateAgreement;
  /** The settings of a client that would make this offer: it must accept the answer. */
  clientSettings?: Partial<DeflateSettings>;
}

const PMD = "permessage-deflate";

function agreement(peerNoContextTakeover: boolean, ownNoContextTakeover: boolean, peerWindowBits: number, ownWindowBits: number): DeflateAgreement {
  return { peerNoContextTakeover, ownNoContextTakeover, peerWindowBits, ownWindowBits };
}

export const OFFER_VECTORS: OfferVector[] = [
  { name: "the default, as browsers offer", settings: {}, offer: `${PMD}; client_max_window_bits` },
  { name: "clientNoContextTakeover", settings: { clientNoContextTakeover: true }, offer: `${PMD}; client_no_context_takeover; client_max_window_bits` },
  { name: "serverNoContextTakeover", settings: { serverNoContextTakeover: true }, offer: `${PMD}; server_no_context_takeover; client_max_window_bits` },
  { name: "serverMaxWindowBits 10", settings: { serverMaxWindowBits: 10 }, offer: `${PMD}; server_max_window_bits=10; client_max_window_bits` },
  { name: "clientMaxWindowBits 9", settings: { clientMaxWindowBits: 9 }, offer: `${PMD}; client_max_window_bits=9` },
  {
    name: "everything",
    settings: { clientNoContextTakeover: true, serverNoContextTakeover: true, serverMaxWindowBits: 8, clientMaxWindowBits: 8 },
    offer: `${PMD}; client_no_context_takeover; server_no_context_takeover; server_max_window_bits=8; client_max_window_bits=8`,
  },
];

export const ANSWER_VECTORS: AnswerVector[] = [
  // Accepted.
  { settings: {}, answer: "", agreement: undefined },
  { settings: {}, answer: PMD, agreement: agreement(false, false, 15, 15) },
  { settings: {}, answer: `${PMD}; server_no_context_takeover`, agreement: agreement(true, false, 15, 15) },
  { settings: {}, answer: `${PMD}; client_no_context_takeover`, agreement: agreement(false, true, 15, 15) },
  { settings: {}, answer: `${PMD}; server_max_window_bits=8`, agreement: agreement(false, false, 8, 15) },
  { settings: {}, answer: `${PMD}; server_max_window_bits=15`, agreement: agreement(false, false, 15, 15) },
  { settings: {}, answer: `${PMD}; client_max_window_bits=12`, agreement: agreement(false, false, 15, 12) },
  { settings: {}, answer: `${PMD}; client_max_window_bits=8`, agreement: agreement(false, false, 15, 8) },
  { settings: {}, answer: `${PMD}; client_max_window_bits="12"`, agreement: agreement(false, false, 15, 12) },
  {
    settings: {},
    answer: `${PMD}; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12; client_max_window_bits=12`,
    agreement: agreement(true, true, 12, 12),
  },
  { settings: { clientNoContextTakeover: true }, answer: PMD, agreement: agreement(false, true, 15, 15) },
  { settings: { serverNoContextTakeover: true }, answer: `${PMD}; server_no_context_takeover`, agreement: agreement(true, false, 15, 15) },
  { settings: { serverMaxWindowBits: 10 }, answer: `${PMD}; server_max_window_bits=9`, agreement: agreement(false, false, 9, 15) },
  { settings: { clientMaxWindowBits: 10 }, answer: PMD, agreement: agreement(false, false, 15, 10) },
  { settings: { clientMaxWindowBits: 10 }, answer: `${PMD}; client_max_window_bits=10`, agreement: agreement(false, false, 15, 10) },
  // Refused.
  { settings: {}, answer: "x-webkit-deflate-frame", problem: "not offered" },
  { settings: {}, answer: `${PMD}, ${PMD}`, problem: "not offered" },
  { settings: {}, answer: `${PMD}; foo`, problem: "unknown parameter foo" },
  { settings: {}, answer: `${PMD}; server_no_context_takeover; server_no_context_takeover`, problem: "appears twice" },
  { settings: {}, answer: `${PMD}; server_no_context_takeover=1`, problem: "takes no value" },
  { settings: {}, answer: `${PMD}; client_no_context_takeover=yes`, problem: "takes no value" },
  { settings: {}, answer: `${PMD}; server_max_window_bits`, problem: "from 8 to 15" },
  { settings: {}, answer: `${PMD}; server_max_window_bits=7`, problem: "from 8 to 15" },
  { settings: {}, answer: `${PMD}; server_max_window_bits=16`, problem: "from 8 to 15" },
  { settings: {}, answer: `${PMD}; server_max_window_bits=010`, problem: "from 8 to 15" },
  { settings: {}, answer: `${PMD}; client_max_window_bits`, problem: "from 8 to 15" },
  { settings: {}, answer: `${PMD}; client_max_window_bits=0`, problem: "from 8 to 15" },
  { settings: { clientMaxWindowBits: 10 }, answer: `${PMD}; client_max_window_bits=11`, problem: "at most 10" },
  { settings: { serverMaxWindowBits: 10 }, answer: PMD, problem: "at most 10" },
  { settings: { serverMaxWindowBits: 10 }, answer: `${PMD}; server_max_window_bits=11`, problem: "at most 10" },
  { settings: { serverNoContextTakeover: true }, answer: PMD, problem: "server_no_context_takeover was offered" },
];

export const SERVER_VECTORS: ServerVector[] = [
  { settings: {}, offers: "", answer: undefined },
  { settings: {}, offers: "x-webkit-deflate-frame", answer: undefined },
  { settings: {}, offers: `${PMD}; client_max_window_bits`, answer: PMD, agreement: agreement(false, false, 15, 15), clientSettings: {} },
  { settings: {}, offers: PMD, answer: PMD, agreement: agreement(false, false, 15, 15) },
  {
    settings: {},
    offers: `${PMD}; client_no_context_takeover; server_no_context_takeover; client_max_window_bits`,
    answer: `${PMD}; server_no_context_takeover; client_no_context_takeover`,
    agreement: agreement(true, true, 15, 15),
    clientSettings: { clientNoContextTakeover: true, serverNoContextTakeover: true },
  },
  {
    settings: {},
    offers: `${PMD}; server_max_window_bits=10; client_max_window_bits=9`,
    answer: `${PMD}; server_max_window_bits=10; client_max_window_bits=9`,
    agreement: agreement(false, false, 9, 10),
    clientSettings: { serverMaxWindowBits: 10, clientMaxWindowBits: 9 },
  },
  {
    settings: { serverMaxWindowBits: 12, clientMaxWindowBits: 11 },
    offers: `${PMD}; client_max_window_bits`,
    answer: `${PMD}; server_max_window_bits=12; client_max_window_bits=11`,
    agreement: agreement(false, false, 11, 12),
    clientSettings: {},
  },
  {
    // Without client_max_window_bits in the offer the client keeps 15 bits.
    settings: { clientMaxWindowBits: 11, serverNoContextTakeover: true },
    offers: PMD,
    answer: `${PMD}; server_no_context_takeover`,
    agreement: agreement(false, true, 15, 15),
  },
  // Invalid offers are declined; the next valid one is taken.
  { settings: {}, offers: `${PMD}; foo, ${PMD}; client_max_window_bits`, answer: PMD, clientSettings: {} },
  { settings: {}, offers: `${PMD}; server_max_window_bits`, answer: undefined },
  { settings: {}, offers: `${PMD}; client_max_window_bits=16`, answer: undefined },
  { settings: {}, offers: `${PMD}; client_no_context_takeover; client_no_context_takeover`, answer: undefined },
];
