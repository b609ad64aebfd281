/*
 * The `ca` option on Apple platforms: anchors decoded from PEM text, and the evaluation of a
 * server's chain against them alone (SecTrust), with the host name checked by the SSL policy.
 */
#ifndef WS_TRUST_H
#define WS_TRUST_H

#include <stdbool.h>
#include <stddef.h>

#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

/* A CFArray of SecCertificateRef from the PEM text, or NULL with a reason in `error`. */
CFArrayRef ws_trust_load_anchors(const char *pem, size_t length, char *error, size_t error_size);

/*
 * Evaluates `trust` for an SSL server named `server_name`, trusting only `anchors`. Returns true
 * when trusted; otherwise false with the system's reason in `reason`. Blocks while it checks, so
 * it runs on the connection's queue (inside the verify block), never on the main thread.
 */
bool ws_trust_evaluate(SecTrustRef trust, CFArrayRef anchors, const char *server_name, char *reason,
                       size_t reason_size);

#endif
