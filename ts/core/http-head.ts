/**
 * The pieces of HTTP/1.1 (RFC 9110, RFC 9112) that both opening handshakes read and write: tokens,
 * field values, comma-separated lists, header fields by lower-cased name, the end of a head, and
 * quoting peer text safely in a reason.
 */
import type { HeaderField } from "./events";

export const CRLF = "\r\n";
export const HEAD_END = "\r\n\r\n";
/** The largest head (request or status line + header fields) accepted; SPEC section 7 answers a
 *  larger request with 431. */
export const MAX_HEAD_SIZE = 16384;

/** tchar (RFC 9110 section 5.6.2): "!#$%&'*+-.^_`|~", digits and letters. */
export function isTokenChar(c: number): boolean {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  return "!#$%&'*+-.^_`|~".indexOf(String.fromCharCode(c)) >= 0;
}

/** True when `text` is a non-empty HTTP token: a valid header name or subprotocol name. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (!isTokenChar(text.charCodeAt(i))) return false;
  }
  return true;
}

/** A header value may hold visible characters, spaces and tabs, but no CR, LF, NUL or other control
 *  characters: they would let a value end the header line and inject fields of its own. */
export function isFieldValue(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return false;
  }
  return true;
}

export function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/** Strips optional whitespace (spaces and tabs) around a field value. Not String.trim: its notion of
 *  whitespace is Unicode's, which a byte string must not be judged by. */
export function trimOws(text: string): string {
  let start = 0;
  let finish = text.length;
  while (start < finish && isSpaceOrTab(text.charCodeAt(start))) start++;
  while (finish > start && isSpaceOrTab(text.charCodeAt(finish - 1))) finish--;
  return text.substring(start, finish);
}

/** Splits a comma-separated field value into its non-empty, trimmed elements. */
export function listElements(value: string): string[] {
  const elements: string[] = [];
  for (const piece of value.split(",")) {
    const element = trimOws(piece);
    if (element.length > 0) elements.push(element);
  }
  return elements;
}

/** True when the comma-separated `values` contain `token`, compared case-insensitively. */
export function listHasToken(values: string[], token: string): boolean {
  for (const element of listElements(values.join(","))) {
    if (element.toLowerCase() === token) return true;
  }
  return false;
}

/** The header fields of a head, by lower-cased name. A list, not an object keyed by name: a peer must
 *  not be able to name a field "__proto__" or "constructor" and reach JavaScript's prototypes. */
export class HeaderFields {
  readonly list: HeaderField[] = [];

  add(name: string, value: string): void {
    this.list.push({ name, value });
  }

  /** Every value of the field `name`, in order; undefined when the field is absent. */
  get(name: string): string[] | undefined {
    let found: string[] | undefined;
    for (const field of this.list) {
      if (field.name === name) {
        found = found ?? [];
        found.push(field.value);
      }
    }
    return found;
  }
}

/**
 * The header lines of a head (`lines[first]` on) as fields; the malformed line when there is one.
 * Header field names are case-insensitive; a field may repeat (RFC 9110 section 5.3). Obsolete line
 * folding (a line starting with whitespace) is malformed here, as RFC 9112 section 5.2 allows.
 */
export function parseHeaderLines(lines: string[], first: number): HeaderFields | { malformed: string } {
  const fields = new HeaderFields();
  for (let i = first; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(":");
    if (colon <= 0 || !isToken(line.substring(0, colon))) return { malformed: line };
    fields.add(line.substring(0, colon).toLowerCase(), trimOws(line.substring(colon + 1)));
  }
  return fields;
}

/**
 * Where a head ends in `buffer`: the index just after the blank line, or -1 while it has not
 * arrived. `searchFrom` lets a caller that appends bytes skip what it already searched.
 */
export function findHeadEnd(buffer: string, searchFrom: number): number {
  const at = buffer.indexOf(HEAD_END, searchFrom > 3 ? searchFrom - 3 : 0);
  return at < 0 ? -1 : at + HEAD_END.length;
}

/** Peer text quoted in a reason: bounded, and with control bytes replaced so a reason stays one line. */
export function printable(text: string): string {
  const limited = text.length > 200 ? text.substring(0, 200) + "..." : text;
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < limited.length; i++) {
    const c = limited.charCodeAt(i);
    if (c < 32 || c === 127) {
      parts.push(limited.substring(start, i), "?");
      start = i + 1;
    }
  }
  parts.push(limited.substring(start));
  return parts.join("");
}
