#include "trust.h"

#include <stdio.h>

#include "../pem.h"

CFArrayRef ws_trust_load_anchors(const char *pem, size_t length, char *error, size_t error_size) {
  ws_der_list certificates;
  CFMutableArrayRef anchors;
  char reason[160];
  size_t i;
  if (!ws_pem_decode_certificates(pem, length, &certificates, reason, sizeof reason)) {
    snprintf(error, error_size, "bad `ca` certificates: %s", reason);
    return NULL;
  }
  anchors = CFArrayCreateMutable(kCFAllocatorDefault, (CFIndex)certificates.count, &kCFTypeArrayCallBacks);
  if (anchors == NULL) {
    snprintf(error, error_size, "out of memory loading the `ca` certificates");
    ws_der_list_free(&certificates);
    return NULL;
  }
  for (i = 0; i < certificates.count; i++) {
    CFDataRef der = CFDataCreate(kCFAllocatorDefault, certificates.items[i].der,
                                 (CFIndex)certificates.items[i].length);
    SecCertificateRef certificate = der != NULL ? SecCertificateCreateWithData(kCFAllocatorDefault, der) : NULL;
    if (der != NULL) CFRelease(der);
    if (certificate == NULL) {
      snprintf(error, error_size, "bad `ca` certificates: certificate %zu is not a valid X.509 certificate",
               i + 1);
      CFRelease(anchors);
      ws_der_list_free(&certificates);
      return NULL;
    }
    CFArrayAppendValue(anchors, certificate);
    CFRelease(certificate);
  }
  ws_der_list_free(&certificates);
  return anchors;
}

static void describe_error(CFErrorRef error, char *reason, size_t reason_size) {
  CFStringRef description = error != NULL ? CFErrorCopyDescription(error) : NULL;
  if (description == NULL ||
      !CFStringGetCString(description, reason, (CFIndex)reason_size, kCFStringEncodingUTF8)) {
    snprintf(reason, reason_size, "the certificate is not trusted by the `ca` certificates");
  }
  if (description != NULL) CFRelease(description);
}

bool ws_trust_evaluate(SecTrustRef trust, CFArrayRef anchors, const char *server_name, char *reason,
                       size_t reason_size) {
  CFStringRef host = CFStringCreateWithCString(kCFAllocatorDefault, server_name, kCFStringEncodingUTF8);
  SecPolicyRef policy = host != NULL ? SecPolicyCreateSSL(true, host) : NULL;
  CFErrorRef error = NULL;
  bool trusted = false;
  if (policy == NULL) {
    snprintf(reason, reason_size, "cannot build the SSL policy for '%s'", server_name);
  } else if (SecTrustSetPolicies(trust, policy) != errSecSuccess ||
             SecTrustSetAnchorCertificates(trust, anchors) != errSecSuccess ||
             /* Only the `ca` certificates: they replace the platform's trust store. */
             SecTrustSetAnchorCertificatesOnly(trust, true) != errSecSuccess) {
    snprintf(reason, reason_size, "cannot configure certificate evaluation");
  } else {
    trusted = SecTrustEvaluateWithError(trust, &error);
    if (!trusted) describe_error(error, reason, reason_size);
  }
  if (error != NULL) CFRelease(error);
  if (policy != NULL) CFRelease(policy);
  if (host != NULL) CFRelease(host);
  return trusted;
}
