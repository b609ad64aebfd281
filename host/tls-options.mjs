// The Node `tls.connect` options for a stream's OpenOptions (ts/transport/contract.ts).
import net from "node:net";

/** The contract's TlsVersion to Node's protocol names. */
const NODE_TLS_VERSIONS = Object.freeze({ "1.0": "TLSv1", "1.1": "TLSv1.1", "1.2": "TLSv1.2", "1.3": "TLSv1.3" });

/**
 * OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level (their signature algorithms are
 * "legacy"); a client that asks for them must lower it, as every OpenSSL client does.
 */
const LEGACY_TLS_CIPHERS = "DEFAULT:@SECLEVEL=0";

/**
 * Options for tls.connect. Throws an Error with a message for the developer when the options cannot
 * be honoured (unknown minimum version); the stream reports it as a "tls" failure. `ca` is PEM text
 * (the plugin read the game's file), which tls takes as it is; certificates it cannot parse fail the
 * stream the same way.
 */
export function tlsConnectOptions({ host, port, serverName, minTls, verify, ca }) {
  const minVersion = NODE_TLS_VERSIONS[minTls ?? "1.2"];
  if (!minVersion) throw new Error(`unknown minimum TLS version '${minTls}' (expected 1.0, 1.1, 1.2 or 1.3)`);
  const options = {
    host,
    port,
    minVersion,
    // verify covers the chain and the host name: Node checks serverName (or host) against the
    // certificate whenever rejectUnauthorized is set.
    rejectUnauthorized: verify !== false,
  };
  const name = serverName || host;
  // SNI carries host names only (RFC 6066 section 3): never an IP literal.
  if (name && net.isIP(name) === 0) options.servername = name;
  if (minTls === "1.0" || minTls === "1.1") options.ciphers = LEGACY_TLS_CIPHERS;
  if (ca) options.ca = ca;
  return options;
}
