// Test certificates, made fresh by the `openssl` command-line tool in a temporary folder:
//
//   ca          a self-signed certificate authority that no trust store knows
//   server      signed by ca, valid for the names "localhost" and the address 127.0.0.1
//   wrongHost   signed by ca too, but only for "wrong-host.invalid": the chain verifies with ca,
//               the host name never does when the client connects to 127.0.0.1 or localhost
//
// Clients trust ca only when told to (the `ca` connect option names caFile), so "untrusted" and
// "trusted" are the same server seen with and without that option.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface KeyPair {
  /** PEM text of the certificate. */
  cert: string;
  /** PEM text of the private key. */
  key: string;
}

export interface TestCertificates {
  dir: string;
  /** Path of the CA certificate (PEM), for the client's `ca` option. */
  caFile: string;
  server: KeyPair;
  wrongHost: KeyPair;
  /** Deletes the temporary folder. */
  remove(): void;
}

function openssl(cwd: string, args: string[]): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** A key and a certificate signed by the CA in `dir`, with the given subject alternative names. */
function issue(dir: string, name: string, commonName: string, subjectAltNames: string): KeyPair {
  const extensions = path.join(dir, `${name}.ext`);
  fs.writeFileSync(
    extensions,
    [
      "basicConstraints = CA:FALSE",
      "keyUsage = digitalSignature, keyEncipherment",
      "extendedKeyUsage = serverAuth",
      `subjectAltName = ${subjectAltNames}`,
      "",
    ].join("\n"),
  );
  openssl(dir, ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`,
    "-subj", `/CN=${commonName}`, "-out", `${name}.csr`]);
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
    "-days", "2", "-sha256", "-extfile", extensions, "-out", `${name}.pem`]);
  return {
    cert: fs.readFileSync(path.join(dir, `${name}.pem`), "utf8"),
    key: fs.readFileSync(path.join(dir, `${name}.key`), "utf8"),
  };
}

/** Makes the CA and both server certificates. Takes well under a second. */
export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "websockets-certs-"));
  openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
    "-days", "2", "-sha256", "-subj", "/CN=plugin.websockets test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  const server = issue(dir, "server", "localhost", "DNS:localhost, IP:127.0.0.1");
  const wrongHost = issue(dir, "wrong-host", "wrong-host.invalid", "DNS:wrong-host.invalid");
  return {
    dir,
    caFile: path.join(dir, "ca.pem"),
    server,
    wrongHost,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
