/* Stub for the syntax check only (see native-ios/stubs/README.md): libdispatch as C sees it. */
#ifndef WS_STUB_DISPATCH_H
#define WS_STUB_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* In C, dispatch objects are pointers to incomplete structs, and dispatch_object_t is a
 * transparent union of them, so dispatch_retain/release accept any of the object types. */
typedef struct dispatch_queue_s *dispatch_queue_t;
typedef struct dispatch_queue_attr_s *dispatch_queue_attr_t;
typedef struct dispatch_data_s *dispatch_data_t;
typedef union {
  struct dispatch_object_s *_do;
  struct dispatch_queue_s *_dq;
  struct dispatch_queue_attr_s *_dqa;
  struct dispatch_data_s *_ddata;
} dispatch_object_t __attribute__((__transparent_union__));

typedef void (^dispatch_block_t)(void);

void dispatch_retain(dispatch_object_t object);
void dispatch_release(dispatch_object_t object);

#define DISPATCH_QUEUE_SERIAL NULL
dispatch_queue_t dispatch_queue_create(const char *label, dispatch_queue_attr_t attr);
void dispatch_async(dispatch_queue_t queue, dispatch_block_t block);

typedef uint64_t dispatch_time_t;
#define DISPATCH_TIME_NOW (0ull)
#define NSEC_PER_SEC 1000000000ull
dispatch_time_t dispatch_time(dispatch_time_t when, int64_t delta);
void dispatch_after(dispatch_time_t when, dispatch_queue_t queue, dispatch_block_t block);

#define DISPATCH_DATA_DESTRUCTOR_DEFAULT NULL
dispatch_data_t dispatch_data_create(const void *buffer, size_t size, dispatch_queue_t queue,
                                     dispatch_block_t destructor);
typedef bool (^dispatch_data_applier_t)(dispatch_data_t region, size_t offset, const void *buffer,
                                        size_t size);
bool dispatch_data_apply(dispatch_data_t data, dispatch_data_applier_t applier);

#endif
