/* Stub for the syntax check only (see native-ios/stubs/README.md): the CoreFoundation calls the
 * shim makes around Security. */
#ifndef WS_STUB_COREFOUNDATION_H
#define WS_STUB_COREFOUNDATION_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned char Boolean;
typedef unsigned char UInt8;
typedef uint32_t UInt32;
typedef long CFIndex;
typedef int32_t OSStatus;
typedef const void *CFTypeRef;
typedef const struct __CFAllocator *CFAllocatorRef;
typedef const struct __CFData *CFDataRef;
typedef const struct __CFArray *CFArrayRef;
typedef struct __CFArray *CFMutableArrayRef;
typedef const struct __CFString *CFStringRef;
typedef struct __CFError *CFErrorRef;
typedef UInt32 CFStringEncoding;

typedef struct {
  CFIndex version;
  const void *(*retain)(CFAllocatorRef allocator, const void *value);
  void (*release)(CFAllocatorRef allocator, const void *value);
  CFStringRef (*copyDescription)(const void *value);
  Boolean (*equal)(const void *value1, const void *value2);
} CFArrayCallBacks;

extern const CFAllocatorRef kCFAllocatorDefault;
extern const CFArrayCallBacks kCFTypeArrayCallBacks;
enum { kCFStringEncodingUTF8 = 0x08000100 };

void CFRelease(CFTypeRef cf);
CFDataRef CFDataCreate(CFAllocatorRef allocator, const UInt8 *bytes, CFIndex length);
CFMutableArrayRef CFArrayCreateMutable(CFAllocatorRef allocator, CFIndex capacity,
                                       const CFArrayCallBacks *callBacks);
void CFArrayAppendValue(CFMutableArrayRef theArray, const void *value);
CFStringRef CFStringCreateWithCString(CFAllocatorRef alloc, const char *cStr, CFStringEncoding encoding);
Boolean CFStringGetCString(CFStringRef theString, char *buffer, CFIndex bufferSize,
                           CFStringEncoding encoding);
CFStringRef CFErrorCopyDescription(CFErrorRef err);

#endif
