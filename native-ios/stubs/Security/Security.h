/* Stub for the syntax check only (see native-ios/stubs/README.md): SecTrust, SecCertificate,
 * SecPolicy, SecRandom, the sec_protocol_* TLS options and the errSSL* codes the shim uses. */
#ifndef WS_STUB_SECURITY_H
#define WS_STUB_SECURITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <CoreFoundation/CoreFoundation.h>
#include <dispatch/dispatch.h>

/* SecBase.h */
typedef struct __SecCertificate *SecCertificateRef;
typedef struct __SecTrust *SecTrustRef;
typedef struct __SecPolicy *SecPolicyRef;
enum { errSecSuccess = 0 };

/* SecureTransport.h / SecBase.h: OSStatus codes of the TLS error domain. */
enum {
  errSSLProtocol = -9800,
  errSSLClosedAbort = -9806,
  errSSLXCertChainInvalid = -9807,
  errSSLBadCert = -9808,
  errSSLUnknownRootCert = -9812,
  errSSLNoRootCert = -9813,
  errSSLCertExpired = -9814,
  errSSLCertNotYetValid = -9815,
  errSSLPeerHandshakeFail = -9824,
  errSSLPeerProtocolVersion = -9836,
  errSSLHostNameMismatch = -9843
};

/* SecCertificate.h, SecPolicy.h, SecTrust.h */
SecCertificateRef SecCertificateCreateWithData(CFAllocatorRef allocator, CFDataRef data);
SecPolicyRef SecPolicyCreateSSL(Boolean server, CFStringRef hostname);
OSStatus SecTrustSetPolicies(SecTrustRef trust, CFTypeRef policies);
OSStatus SecTrustSetAnchorCertificates(SecTrustRef trust, CFArrayRef anchorCertificates);
OSStatus SecTrustSetAnchorCertificatesOnly(SecTrustRef trust, Boolean anchorCertificatesOnly);
bool SecTrustEvaluateWithError(SecTrustRef trust, CFErrorRef *error);

/* SecRandom.h */
typedef const struct __SecRandom *SecRandomRef;
extern const SecRandomRef kSecRandomDefault;
int SecRandomCopyBytes(SecRandomRef rnd, size_t count, void *bytes);

/* SecProtocolObject.h, SecProtocolTypes.h, SecProtocolOptions.h, SecProtocolMetadata.h.
 * In C (no Objective-C object model) these are pointers to incomplete structs, retained and
 * released with sec_retain / sec_release. */
typedef struct sec_protocol_options *sec_protocol_options_t;
typedef struct sec_protocol_metadata *sec_protocol_metadata_t;
typedef struct sec_trust *sec_trust_t;
void *sec_retain(void *obj);
void sec_release(void *obj);

/* SecProtocolTypes.h: CF_ENUM(uint16_t, tls_protocol_version_t), the TLS wire values. */
typedef uint16_t tls_protocol_version_t;
enum {
  tls_protocol_version_TLSv10 = 0x0301,
  tls_protocol_version_TLSv11 = 0x0302,
  tls_protocol_version_TLSv12 = 0x0303,
  tls_protocol_version_TLSv13 = 0x0304,
  tls_protocol_version_DTLSv10 = 0xfeff,
  tls_protocol_version_DTLSv12 = 0xfefd
};

typedef void (^sec_protocol_verify_complete_t)(bool result);
typedef void (^sec_protocol_verify_t)(sec_protocol_metadata_t metadata, sec_trust_t trust_ref,
                                      sec_protocol_verify_complete_t complete);

void sec_protocol_options_set_min_tls_protocol_version(sec_protocol_options_t options,
                                                       tls_protocol_version_t version);
void sec_protocol_options_set_tls_server_name(sec_protocol_options_t options, const char *server_name);
void sec_protocol_options_set_verify_block(sec_protocol_options_t options, sec_protocol_verify_t verify_block,
                                           dispatch_queue_t verify_block_queue);
SecTrustRef sec_trust_copy_ref(sec_trust_t trust);

#endif
