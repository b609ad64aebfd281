/* Stub for the syntax check only (see native-ios/stubs/README.md): the DNSServiceErrorType codes
 * of Network.framework's DNS error domain that the shim names. */
#ifndef WS_STUB_DNS_SD_H
#define WS_STUB_DNS_SD_H

#include <stdint.h>

typedef int32_t DNSServiceErrorType;
enum {
  kDNSServiceErr_NoError = 0,
  kDNSServiceErr_Unknown = -65537,
  kDNSServiceErr_NoSuchName = -65538,
  kDNSServiceErr_NoSuchRecord = -65554,
  kDNSServiceErr_ServiceNotRunning = -65563,
  kDNSServiceErr_NoRouter = -65566,
  kDNSServiceErr_Timeout = -65568,
  kDNSServiceErr_PolicyDenied = -65570
};

#endif
