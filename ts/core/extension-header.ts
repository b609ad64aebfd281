/**
 * Sec-WebSocket-Extensions, parsed and built in this one place (RFC 6455 section 9.1; RFC 7692
 * section 5 for permessage-deflate's parameters), for offers (a client's request) and answers (a
 * server's response) alike:
 *
 *   Sec-WebSocket-Extensions = extension-list
 *   extension-list = 1#extension
 *   extension = extension-token *( ";" extension-param )
 *   extension-param = token [ "=" (token | quoted-string) ]
 *     ; "When using the quoted-string syntax variant, the value after quoted-string unescaping MUST
 *     ; conform to the 'token' ABNF."
 *
 * Several header fields are one list (RFC 9110 section 5.3); empty list elements are skipped, as
 * RFC 9110 section 5.6.1 asks of recipients. Whitespace (spaces, tabs) may surround the separators.
 */
import { isSpaceOrTab, isToken, isTokenChar, printable } from "./http-head";

export interface ExtensionParam {
  name: string;
  /** The value, unquoted; undefined for a parameter without "=". */
  value?: string;
}

/** One extension of the list, with its parameters in order (names as written; RFC 7692 compares
 *  them exactly). */
export interface ExtensionOffer {
  name: string;
  params: ExtensionParam[];
}

/** The list in `values` (the field values, in order), or the reason it is malformed. */
export function parseExtensionHeader(values: string[]): ExtensionOffer[] | { malformed: string } {
  const text = values.join(",");
  const offers: ExtensionOffer[] = [];
  const scanner = new Scanner(text);
  for (;;) {
    scanner.skipSpace();
    if (scanner.atEnd()) break;
    if (scanner.peek() === COMMA) {
      scanner.position++;
      continue;
    }
    const name = scanner.token();
    if (name === undefined) return scanner.malformed("an extension name");
    const params: ExtensionParam[] = [];
    scanner.skipSpace();
    while (scanner.peek() === SEMICOLON) {
      scanner.position++;
      scanner.skipSpace();
      const paramName = scanner.token();
      if (paramName === undefined) return scanner.malformed("a parameter name");
      scanner.skipSpace();
      if (scanner.peek() === EQUALS) {
        scanner.position++;
        scanner.skipSpace();
        const value = scanner.peek() === QUOTE ? scanner.quotedString() : scanner.token();
        if (value === undefined || !isToken(value)) return scanner.malformed(`a token value for "${paramName}"`);
        params.push({ name: paramName, value });
        scanner.skipSpace();
      } else {
        params.push({ name: paramName });
      }
    }
    offers.push({ name, params });
    if (scanner.atEnd()) break;
    if (scanner.peek() !== COMMA) return scanner.malformed('";" or ","');
    scanner.position++;
  }
  return offers;
}

/** The header value for `offers`: "name; param; param=value, name2". Names and values must be
 *  tokens (the caller's own constants), which need no quoting. */
export function buildExtensionHeader(offers: ExtensionOffer[]): string {
  const parts: string[] = [];
  for (const offer of offers) {
    let part = offer.name;
    for (const param of offer.params) {
      part += param.value === undefined ? `; ${param.name}` : `; ${param.name}=${param.value}`;
    }
    parts.push(part);
  }
  return parts.join(", ");
}

const COMMA = 44;
const SEMICOLON = 59;
const EQUALS = 61;
const QUOTE = 34;
const BACKSLASH = 92;

class Scanner {
  position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  /** The byte at the position, or -1 at the end. */
  peek(): number {
    return this.position < this.text.length ? this.text.charCodeAt(this.position) : -1;
  }

  skipSpace(): void {
    while (this.position < this.text.length && isSpaceOrTab(this.text.charCodeAt(this.position))) this.position++;
  }

  /** The token at the position, or undefined when none starts there. */
  token(): string | undefined {
    const start = this.position;
    while (this.position < this.text.length && isTokenChar(this.text.charCodeAt(this.position))) this.position++;
    return this.position > start ? this.text.substring(start, this.position) : undefined;
  }

  /** A quoted-string (RFC 9110 section 5.6.4) at the position, unescaped; undefined when it does not
   *  end or holds a control character. */
  quotedString(): string | undefined {
    this.position++;
    const parts: string[] = [];
    while (this.position < this.text.length) {
      const c = this.text.charCodeAt(this.position);
      if (c === QUOTE) {
        this.position++;
        return parts.join("");
      }
      if (c === BACKSLASH) {
        this.position++;
        if (this.position >= this.text.length) return undefined;
      } else if ((c < 32 && c !== 9) || c === 127) {
        return undefined;
      }
      parts.push(this.text.charAt(this.position));
      this.position++;
    }
    return undefined;
  }

  malformed(expected: string): { malformed: string } {
    return { malformed: `expected ${expected} at byte ${this.position + 1} of "${printable(this.text)}"` };
  }
}
