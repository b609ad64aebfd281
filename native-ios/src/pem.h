/*
 * Certificates from PEM text (RFC 7468): every "-----BEGIN CERTIFICATE-----" block, its base64
 * decoded to DER. This is the `ca` option, PEM text the plugin read from the game's file (the
 * transport never opens a path); src/apple/trust.c turns each DER blob into a SecCertificateRef
 * anchor. Pure C, unit-tested against certificates made by the openssl CLI.
 */
#ifndef WS_PEM_H
#define WS_PEM_H

#include <stddef.h>

/* A CA bundle this large is certainly a mistake (the Mozilla bundle is about 220 KB). */
#define WS_PEM_MAX_BYTES (4u * 1024u * 1024u)

typedef struct ws_der_certificate {
  unsigned char *der;
  size_t length;
} ws_der_certificate;

typedef struct ws_der_list {
  ws_der_certificate *items;
  size_t count;
} ws_der_list;

/*
 * Decodes the CERTIFICATE blocks of `text`. Returns 1 with at least one certificate in `list`,
 * or 0 with a reason in `error` (no certificate, bad base64, unterminated block, out of memory).
 * Other block types (keys, CRLs) are skipped.
 */
int ws_pem_decode_certificates(const char *text, size_t length, ws_der_list *list, char *error,
                               size_t error_size);

void ws_der_list_free(ws_der_list *list);

#endif
