// ws:// and wss:// URLs (RFC 6455 section 3): text in, parsed fields or an error out.

export interface UrlVector {
  name: string;
  input: string;
  /** The parsed URL, field for field; absent fields must be absent. */
  url?: {
    secure: boolean;
    host: string;
    ipv6: boolean;
    port: number;
    resource: string;
    username?: string;
    password?: string;
  };
  /** Instead of `url`: parsing fails with a message containing this. */
  errorIncludes?: string;
}

export const urlVectors: UrlVector[] = [
  { name: "ws default port and path", input: "ws://example.com", url: { secure: false, host: "example.com", ipv6: false, port: 80, resource: "/" } },
  { name: "wss default port", input: "wss://example.com/chat", url: { secure: true, host: "example.com", ipv6: false, port: 443, resource: "/chat" } },
  { name: "explicit port", input: "ws://example.com:9001/x", url: { secure: false, host: "example.com", ipv6: false, port: 9001, resource: "/x" } },
  { name: "empty port means the default", input: "wss://example.com:/", url: { secure: true, host: "example.com", ipv6: false, port: 443, resource: "/" } },
  { name: "path and query are the resource", input: "ws://h/a/b?c=1&d=2", url: { secure: false, host: "h", ipv6: false, port: 80, resource: "/a/b?c=1&d=2" } },
  { name: "query without a path gets /", input: "ws://h?x=1", url: { secure: false, host: "h", ipv6: false, port: 80, resource: "/?x=1" } },
  { name: "scheme and host are case-insensitive", input: "WSS://Example.COM/Path", url: { secure: true, host: "example.com", ipv6: false, port: 443, resource: "/Path" } },
  { name: "IPv4 address", input: "ws://127.0.0.1:8080", url: { secure: false, host: "127.0.0.1", ipv6: false, port: 8080, resource: "/" } },
  { name: "IPv6 literal with port", input: "ws://[::1]:9001/echo", url: { secure: false, host: "::1", ipv6: true, port: 9001, resource: "/echo" } },
  { name: "IPv6 literal, default port", input: "wss://[2001:DB8::7]", url: { secure: true, host: "2001:db8::7", ipv6: true, port: 443, resource: "/" } },
  {
    name: "user information is percent-decoded",
    input: "ws://us%40er:p%3Ass%20w@example.com/",
    url: { secure: false, host: "example.com", ipv6: false, port: 80, resource: "/", username: "us@er", password: "p:ss w" },
  },
  { name: "user without password", input: "ws://bob@h", url: { secure: false, host: "h", ipv6: false, port: 80, resource: "/", username: "bob" } },
  {
    name: "last @ ends the user information",
    input: "ws://a@b:c@h:81/",
    url: { secure: false, host: "h", ipv6: false, port: 81, resource: "/", username: "a@b", password: "c" },
  },
  { name: "spaces in the path are percent-encoded", input: "ws://h/a b", url: { secure: false, host: "h", ipv6: false, port: 80, resource: "/a%20b" } },
  { name: "http scheme is refused", input: "http://example.com/", errorIncludes: "unsupported scheme" },
  { name: "missing scheme", input: "example.com", errorIncludes: "ws://" },
  { name: "fragment is not allowed", input: "ws://example.com/#frag", errorIncludes: "fragment" },
  { name: "missing host", input: "ws:///path", errorIncludes: "missing host" },
  { name: "port zero", input: "ws://h:0/", errorIncludes: "port" },
  { name: "port too large", input: "ws://h:65536/", errorIncludes: "port" },
  { name: "port not a number", input: "ws://h:80a/", errorIncludes: "port" },
  { name: "unterminated IPv6", input: "ws://[::1/", errorIncludes: "IPv6" },
  { name: "junk after IPv6", input: "ws://[::1]x/", errorIncludes: "IPv6" },
  { name: "CR LF in the host", input: "ws://h\r\nX: y/", errorIncludes: "host" },
  { name: "bad percent escape", input: "ws://a%zz@h/", errorIncludes: "percent" },
];
