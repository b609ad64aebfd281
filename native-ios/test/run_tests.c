/*
 * Unit tests of the shim's portable parts, run by native-ios/check.sh with Debian's clang and
 * Lua 5.1: the byte buffer, the shared stream state (with a real second thread playing the
 * network queue), failure categories and reasons, PEM decoding (against certificates made by the
 * openssl CLI), the clock, and the Lua face of the stream (options parsing and the contract's
 * step/write/read/buffered/close), which lua/stream_contract.lua drives through scripted_link.c;
 * and the listener's portable parts: failure categories, the shared listener state (with a real
 * second thread playing NWListener's queue), and its Lua face, which test/listener_contract.lua
 * drives through scripted_listener_link.c.
 *
 * usage: run_tests CERT.pem CERT.der BUNDLE.pem stream_contract.lua listener_contract.lua
 */
/* nanosleep, sched_yield: POSIX.1b. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "../src/byte_buffer.h"
#include "../src/clock.h"
#include "../src/failure.h"
#include "../src/listen_failure.h"
#include "../src/listener_lua.h"
#include "../src/listener_state.h"
#include "../src/pem.h"
#include "../src/stream_lua.h"
#include "../src/stream_state.h"
#include "scripted_link.h"
#include "scripted_listener_link.h"

static int failures = 0;
static int checks = 0;

#define CHECK(condition, ...)                                   \
  do {                                                          \
    checks++;                                                   \
    if (!(condition)) {                                         \
      failures++;                                               \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);      \
      fprintf(stderr, __VA_ARGS__);                             \
      fputc('\n', stderr);                                      \
    }                                                           \
  } while (0)

/* ---- byte buffer ---- */

static void test_byte_buffer(void) {
  ws_byte_buffer a, b;
  unsigned char chunk[1000];
  size_t i, expected = 0, capacity;
  int ok = 1;
  ws_byte_buffer_init(&a);
  ws_byte_buffer_init(&b);
  /* Grows across many reallocations and keeps every byte, NUL included, in order. */
  for (i = 0; i < 100; i++) {
    size_t j;
    for (j = 0; j < sizeof chunk; j++) chunk[j] = (unsigned char)((i * 7 + j) % 256);
    ok = ok && ws_byte_buffer_append(&a, chunk, sizeof chunk);
    expected += sizeof chunk;
  }
  CHECK(ok, "append reported out of memory");
  CHECK(a.length == expected, "length %zu, expected %zu", a.length, expected);
  for (i = 0; i < a.length; i++) {
    if (a.data[i] != (unsigned char)(((i / 1000) * 7 + i % 1000) % 256)) break;
  }
  CHECK(i == a.length, "byte %zu differs after growing", i);

  capacity = a.capacity;
  ws_byte_buffer_swap(&a, &b);
  CHECK(a.length == 0 && a.data == NULL && b.length == expected, "swap exchanges contents");
  ws_byte_buffer_clear(&b);
  CHECK(b.length == 0 && b.capacity == capacity, "clear keeps the allocation for reuse");
  CHECK(ws_byte_buffer_append(&b, "", 0) && b.length == 0, "appending nothing changes nothing");
  CHECK(ws_byte_buffer_append(&b, "abcdef", 6), "append");
  ws_byte_buffer_consume(&b, 2);
  CHECK(b.length == 4 && memcmp(b.data, "cdef", 4) == 0, "consume keeps the rest in order");
  ws_byte_buffer_consume(&b, 10);
  CHECK(b.length == 0, "consuming more than is there empties the buffer");
  ws_byte_buffer_free(&a);
  ws_byte_buffer_free(&b);
}

/* ---- failure categories and reasons ---- */

static void test_failure_mapping(void) {
  char reason[WS_MESSAGE_MAX];
  CHECK(ws_failure_category_for(WS_ERROR_DOMAIN_DNS, WS_DNS_ERR_NO_SUCH_RECORD, 0) == WS_FAILURE_DNS,
        "a DNS-domain error is 'dns'");
  CHECK(ws_failure_category_for(WS_ERROR_DOMAIN_TLS, WS_TLS_ERR_BAD_CERT, 0) == WS_FAILURE_TLS,
        "a TLS-domain error is 'tls'");
  CHECK(ws_failure_category_for(WS_ERROR_DOMAIN_POSIX, ECONNREFUSED, 0) == WS_FAILURE_CONNECT,
        "a POSIX error while connecting is 'connect'");
  CHECK(ws_failure_category_for(WS_ERROR_DOMAIN_POSIX, ECONNRESET, 1) == WS_FAILURE_CLOSED,
        "a POSIX error on an open stream is 'closed'");
  CHECK(ws_failure_category_for(WS_ERROR_DOMAIN_INVALID, 0, 0) == WS_FAILURE_CONNECT,
        "an error without a domain while connecting is 'connect'");
  CHECK(strcmp(ws_failure_category_name(WS_FAILURE_DNS), "dns") == 0 &&
            strcmp(ws_failure_category_name(WS_FAILURE_CONNECT), "connect") == 0 &&
            strcmp(ws_failure_category_name(WS_FAILURE_TLS), "tls") == 0 &&
            strcmp(ws_failure_category_name(WS_FAILURE_CLOSED), "closed") == 0,
        "category names are the contract's StreamFailure strings");

  ws_failure_describe(reason, sizeof reason, WS_ERROR_DOMAIN_DNS, WS_DNS_ERR_NO_SUCH_RECORD, 0,
                      "example.invalid", 443);
  CHECK(strstr(reason, "example.invalid") && strstr(reason, "-65554") && strstr(reason, "no such record"),
        "DNS reason names host, code and cause: %s", reason);
  ws_failure_describe(reason, sizeof reason, WS_ERROR_DOMAIN_POSIX, ECONNREFUSED, 0, "127.0.0.1", 1);
  CHECK(strstr(reason, "127.0.0.1:1") && strstr(reason, strerror(ECONNREFUSED)),
        "connect reason names address and errno text: %s", reason);
  ws_failure_describe(reason, sizeof reason, WS_ERROR_DOMAIN_TLS, WS_TLS_ERR_HOST_NAME_MISMATCH, 0,
                      "localhost", 8443);
  CHECK(strstr(reason, "localhost:8443") && strstr(reason, "host name"), "TLS reason names the cause: %s",
        reason);

  {
    char tiny[8];
    ws_failure_describe(tiny, sizeof tiny, WS_ERROR_DOMAIN_POSIX, ECONNREFUSED, 0, "127.0.0.1", 1);
    CHECK(strlen(tiny) == sizeof tiny - 1, "a reason is truncated to the buffer and NUL-terminated");
  }
}

/* ---- stream state across two threads ---- */

#define PRODUCER_CHUNKS 2000

static unsigned char pattern_byte(size_t offset) { return (unsigned char)((offset * 31u + 7u) % 251u); }

/* Plays Network.framework's queue: chunk k carries k+1 bytes of the pattern, then end of stream. */
static void *produce(void *argument) {
  ws_stream_state *state = argument;
  unsigned char chunk[PRODUCER_CHUNKS];
  size_t offset = 0, k, j;
  ws_stream_state_opened(state);
  for (k = 0; k < PRODUCER_CHUNKS; k++) {
    for (j = 0; j <= k; j++) chunk[j] = pattern_byte(offset + j);
    ws_stream_state_received(state, chunk, k + 1);
    offset += k + 1;
    if (k % 97 == 0) sched_yield();
  }
  ws_stream_state_end(state, WS_FAILURE_CLOSED, "the server closed the connection");
  ws_stream_state_release(state);
  return NULL;
}

static void test_stream_state_threads(void) {
  ws_stream_state *state = ws_stream_state_create();
  pthread_t producer;
  size_t expected_total = (size_t)PRODUCER_CHUNKS * (PRODUCER_CHUNKS + 1) / 2;
  size_t seen = 0, takes = 0;
  int in_order = 1, ended = 0;
  ws_failure_category category = WS_FAILURE_DNS;
  char message[WS_MESSAGE_MAX] = "";

  ws_stream_state_retain(state); /* the producer's hold, as a link has one */
  pthread_create(&producer, NULL, produce, state);
  while (!ended) {
    const unsigned char *bytes;
    size_t count, i;
    int resume;
    switch (ws_stream_state_take(state, &bytes, &count, &resume, &category, message)) {
      case WS_TAKE_BYTES:
        for (i = 0; i < count; i++) in_order = in_order && bytes[i] == pattern_byte(seen + i);
        seen += count;
        takes++;
        ws_stream_state_taken(state);
        break;
      case WS_TAKE_ENDED:
        ended = 1;
        break;
      case WS_TAKE_EMPTY:
        sched_yield();
        break;
    }
  }
  pthread_join(producer, NULL);
  CHECK(seen == expected_total, "read %zu bytes across threads, expected %zu", seen, expected_total);
  CHECK(in_order, "bytes arrive in order and intact across threads");
  CHECK(category == WS_FAILURE_CLOSED && strcmp(message, "the server closed the connection") == 0,
        "the end is reported only after every byte, with its reason (got '%s')", message);
  CHECK(takes >= 1, "took at least once");
  ws_stream_state_release(state);
}

static void test_stream_state_rules(void) {
  ws_stream_state *state = ws_stream_state_create();
  ws_failure_category category = WS_FAILURE_DNS;
  char message[WS_MESSAGE_MAX];
  const unsigned char *bytes;
  size_t count, accepted;
  int resume = 0, ended = 0;
  static unsigned char big[WS_RECEIVE_PAUSE_BYTES];

  CHECK(ws_stream_state_step(state, &category, message) == WS_STEP_CONNECTING, "a new stream is connecting");
  ws_stream_state_end(state, WS_FAILURE_DNS, "cannot resolve host 'x'");
  ws_stream_state_end(state, WS_FAILURE_CLOSED, "the stream was closed");
  CHECK(ws_stream_state_step(state, &category, message) == WS_STEP_FAILED && category == WS_FAILURE_DNS &&
            strcmp(message, "cannot resolve host 'x'") == 0,
        "failing before open is 'failed' with the first reason, not a later one (got '%s')", message);
  accepted = ws_stream_state_accept_send(state, 10, &ended, &category, message);
  CHECK(accepted == 0 && ended && category == WS_FAILURE_DNS, "a failed stream accepts no writes");
  ws_stream_state_release(state);

  state = ws_stream_state_create();
  ws_stream_state_opened(state);
  CHECK(ws_stream_state_step(state, &category, message) == WS_STEP_OPEN, "ready means open");
  /* Send window: accepts up to WS_SEND_WINDOW_BYTES unsent, then nothing until the network takes some. */
  accepted = ws_stream_state_accept_send(state, WS_SEND_WINDOW_BYTES - 100, &ended, &category, message);
  CHECK(accepted == WS_SEND_WINDOW_BYTES - 100 && !ended, "accepts within the window");
  accepted = ws_stream_state_accept_send(state, 1000, &ended, &category, message);
  CHECK(accepted == 100, "accepts only what fits the window (got %zu)", accepted);
  accepted = ws_stream_state_accept_send(state, 1000, &ended, &category, message);
  CHECK(accepted == 0 && !ended, "a full window accepts 0 bytes without failing");
  CHECK(ws_stream_state_unsent(state) == WS_SEND_WINDOW_BYTES, "unsent counts accepted bytes");
  ws_stream_state_send_completed(state, 4096);
  CHECK(ws_stream_state_unsent(state) == WS_SEND_WINDOW_BYTES - 4096, "completion lowers unsent");

  /* Receive pause: a flood pauses receiving; draining it asks once to resume. */
  memset(big, 'x', sizeof big);
  CHECK(ws_stream_state_received(state, big, sizeof big - 1) == WS_RECEIVE_CONTINUE, "below the limit continues");
  CHECK(ws_stream_state_received(state, big, 1) == WS_RECEIVE_PAUSE, "reaching the limit pauses");
  CHECK(ws_stream_state_take(state, &bytes, &count, &resume, &category, message) == WS_TAKE_BYTES &&
            count == WS_RECEIVE_PAUSE_BYTES && resume == 1,
        "draining a paused stream asks to resume");
  /* Not calling ws_stream_state_taken models lua_pushlstring raising: the bytes must come back. */
  CHECK(ws_stream_state_received(state, "yz", 2) == WS_RECEIVE_CONTINUE, "receiving continues after resume");
  CHECK(ws_stream_state_take(state, &bytes, &count, &resume, &category, message) == WS_TAKE_BYTES &&
            count == WS_RECEIVE_PAUSE_BYTES && resume == 0,
        "bytes not yet copied into Lua are returned again, before newer ones");
  ws_stream_state_taken(state);
  CHECK(ws_stream_state_take(state, &bytes, &count, &resume, &category, message) == WS_TAKE_BYTES &&
            count == 2 && memcmp(bytes, "yz", 2) == 0,
        "then the newer bytes follow");
  ws_stream_state_taken(state);
  CHECK(ws_stream_state_take(state, &bytes, &count, &resume, &category, message) == WS_TAKE_EMPTY,
        "nothing new reads as empty");
  ws_stream_state_end(state, WS_FAILURE_CLOSED, "the server closed the connection");
  CHECK(ws_stream_state_step(state, &category, message) == WS_STEP_OPEN, "an open stream stays 'open' after its end");
  CHECK(ws_stream_state_received(state, "late", 4) == WS_RECEIVE_STOP, "nothing is appended after the end");
  ws_stream_state_release(state);

  /* The server's close frame, then its FIN, while the client's sends are still queued: reading
   * ends after the close frame, writing goes on, so the sends and then the client's close frame
   * still leave (guarantee 3); a reset afterwards fails the writes. */
  state = ws_stream_state_create();
  ws_stream_state_opened(state);
  CHECK(ws_stream_state_received(state, "\x88\x02\x03\xe8", 4) == WS_RECEIVE_CONTINUE, "the server's close frame");
  ws_stream_state_receive_end(state, "the server closed the connection");
  CHECK(ws_stream_state_received(state, "late", 4) == WS_RECEIVE_STOP, "nothing is appended after the FIN");
  CHECK(ws_stream_state_take(state, &bytes, &count, &resume, &category, message) == WS_TAKE_BYTES && count == 4,
        "the close frame is read before the end");
  ws_stream_state_taken(state);
  CHECK(ws_stream_state_take(state, &bytes, &count, &resume, &category, message) == WS_TAKE_ENDED &&
            category == WS_FAILURE_CLOSED && strcmp(message, "the server closed the connection") == 0,
        "then the end, with the peer's reason (got '%s')", message);
  accepted = ws_stream_state_accept_send(state, 5000, &ended, &category, message);
  CHECK(accepted == 5000 && !ended, "after the peer's FIN, queued sends are still accepted (got %zu)", accepted);
  CHECK(ws_stream_state_unsent(state) == 5000, "and count as unsent until the network takes them");
  ws_stream_state_send_completed(state, 5000);
  CHECK(ws_stream_state_unsent(state) == 0, "buffered() reaches 0 once the network took them");
  ws_stream_state_end(state, WS_FAILURE_CLOSED, "the connection was reset by the server");
  accepted = ws_stream_state_accept_send(state, 10, &ended, &category, message);
  CHECK(accepted == 0 && ended, "a reset after the FIN fails the writes");
  CHECK(ws_stream_state_take(state, &bytes, &count, &resume, &category, message) == WS_TAKE_ENDED,
        "reading stays ended");
  ws_stream_state_release(state);
}

/* ---- PEM ---- */

static unsigned char *read_file(const char *path, size_t *length) {
  FILE *file = fopen(path, "rb");
  unsigned char *data;
  long size;
  if (file == NULL) return NULL;
  fseek(file, 0, SEEK_END);
  size = ftell(file);
  fseek(file, 0, SEEK_SET);
  data = malloc((size_t)size + 1);
  *length = fread(data, 1, (size_t)size, file);
  fclose(file);
  return data;
}

static void test_pem(const char *pem_path, const char *der_path, const char *bundle_path) {
  ws_der_list list;
  char error[256];
  size_t der_length = 0;
  unsigned char *der = read_file(der_path, &der_length);
  CHECK(der != NULL, "cannot read %s", der_path);
  if (der == NULL) return;

  size_t pem_length = 0, bundle_length = 0;
  unsigned char *pem = read_file(pem_path, &pem_length);
  unsigned char *bundle = read_file(bundle_path, &bundle_length);
  CHECK(der != NULL && pem != NULL && bundle != NULL, "cannot read %s, %s or %s", der_path, pem_path, bundle_path);
  if (der == NULL || pem == NULL || bundle == NULL) return;

  CHECK(ws_pem_decode_certificates((const char *)pem, pem_length, &list, error, sizeof error), "decode %s: %s",
        pem_path, error);
  CHECK(list.count == 1 && list.items[0].length == der_length &&
            memcmp(list.items[0].der, der, der_length) == 0,
        "the PEM certificate decodes to exactly the DER openssl wrote");
  ws_der_list_free(&list);

  CHECK(ws_pem_decode_certificates((const char *)bundle, bundle_length, &list, error, sizeof error),
        "decode %s: %s", bundle_path, error);
  CHECK(list.count == 2, "a bundle yields each certificate and skips the key between them (got %zu)", list.count);
  if (list.count == 2) {
    CHECK(list.items[1].length == der_length && memcmp(list.items[1].der, der, der_length) == 0,
          "the bundle's second certificate is the same DER");
  }
  ws_der_list_free(&list);
  free(der);
  free(pem);
  free(bundle);

  {
    static const char no_block[] = "just text\n";
    static const char bad_base64[] = "-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n";
    static const char no_end[] = "-----BEGIN CERTIFICATE-----\nMIIB\n";
    CHECK(!ws_pem_decode_certificates(no_block, sizeof no_block - 1, &list, error, sizeof error) &&
              strstr(error, "no \"-----BEGIN CERTIFICATE-----\" block"),
          "no certificate is an error: %s", error);
    CHECK(!ws_pem_decode_certificates(bad_base64, sizeof bad_base64 - 1, &list, error, sizeof error) &&
              strstr(error, "not valid base64"),
          "bad base64 is an error: %s", error);
    CHECK(!ws_pem_decode_certificates(no_end, sizeof no_end - 1, &list, error, sizeof error) &&
              strstr(error, "no END line"),
          "an unterminated block is an error: %s", error);
  }
}

/* ---- clock ---- */

static void test_clock(void) {
  struct timespec pause = {0, 20 * 1000 * 1000};
  double before = ws_monotonic_seconds(), after;
  nanosleep(&pause, NULL);
  after = ws_monotonic_seconds();
  CHECK(after - before >= 0.015 && after - before < 5, "20 ms of sleep advance the clock by %f s", after - before);
}

/* ---- listeners: failure categories, the shared state, its two threads ---- */

static void test_listen_failures(void) {
  char text[WS_MESSAGE_MAX];
  CHECK(ws_listen_failure_for(WS_ERROR_DOMAIN_POSIX, EADDRINUSE) == WS_LISTEN_ADDRESS_IN_USE, "EADDRINUSE");
  CHECK(ws_listen_failure_for(WS_ERROR_DOMAIN_POSIX, EACCES) == WS_LISTEN_PERMISSION_DENIED, "EACCES");
  CHECK(ws_listen_failure_for(WS_ERROR_DOMAIN_POSIX, EPERM) == WS_LISTEN_PERMISSION_DENIED, "EPERM");
  CHECK(ws_listen_failure_for(WS_ERROR_DOMAIN_POSIX, EADDRNOTAVAIL) == WS_LISTEN_BAD_HOST, "EADDRNOTAVAIL");
  CHECK(ws_listen_failure_for(WS_ERROR_DOMAIN_DNS, WS_DNS_ERR_NO_SUCH_NAME) == WS_LISTEN_BAD_HOST, "no such name");
  CHECK(ws_listen_failure_for(WS_ERROR_DOMAIN_POSIX, ENOMEM) == WS_LISTEN_OTHER, "anything else is 'listen'");
  CHECK(strcmp(ws_listen_failure_name(WS_LISTEN_ADDRESS_IN_USE), "address in use") == 0, "name");
  CHECK(strcmp(ws_listen_failure_name(WS_LISTEN_TLS_UNSUPPORTED), "tls unsupported here") == 0, "name");
  CHECK(strcmp(ws_listen_failure_name(WS_LISTEN_OTHER), "listen") == 0, "name");
  ws_listen_failure_describe(text, sizeof text, WS_ERROR_DOMAIN_POSIX, EADDRINUSE, "127.0.0.1", 8080);
  CHECK(strstr(text, "127.0.0.1:8080") != NULL && strstr(text, strerror(EADDRINUSE)) != NULL, "%s", text);
  ws_listen_failure_describe(text, sizeof text, WS_ERROR_DOMAIN_POSIX, EADDRNOTAVAIL, "fe80::1", 80);
  CHECK(strstr(text, "[fe80::1]:80") != NULL, "IPv6 in brackets: %s", text);
  ws_listen_failure_describe(text, sizeof text, WS_ERROR_DOMAIN_DNS, WS_DNS_ERR_NO_SUCH_NAME, "nowhere.invalid", 0);
  CHECK(strstr(text, "nowhere.invalid does not resolve") != NULL, "%s", text);
}

static int discarded_in_test = 0;
static void count_discard(void *connection) {
  discarded_in_test++;
  free(connection);
}

static int *boxed(int value) {
  int *box = malloc(sizeof *box);
  *box = value;
  return box;
}

static void test_listener_state_rules(void) {
  ws_listener_state *state = ws_listener_state_create(2, count_discard);
  ws_listen_failure category = WS_LISTEN_OTHER;
  char message[WS_MESSAGE_MAX];
  int *first = boxed(1), *second = boxed(2), *third = boxed(3), *early = boxed(0), *taken;
  discarded_in_test = 0;
  CHECK(ws_listener_state_step(state, &category, message) == WS_LISTEN_STARTING, "starts starting");
  CHECK(ws_listener_state_port(state) == 0, "no port before listening");
  CHECK(!ws_listener_state_arrived(state, early), "nothing is queued before listening");
  free(early);
  ws_listener_state_listening(state, 8080);
  CHECK(ws_listener_state_step(state, &category, message) == WS_LISTEN_LISTENING, "listening");
  CHECK(ws_listener_state_port(state) == 8080, "the bound port");
  CHECK(ws_listener_state_take(state) == NULL, "nothing waits yet");
  CHECK(ws_listener_state_arrived(state, first) && ws_listener_state_arrived(state, second), "two fit");
  CHECK(!ws_listener_state_arrived(state, third), "a third does not: the caller discards it");
  free(third);
  taken = ws_listener_state_take(state);
  CHECK(taken == first, "the oldest first");
  free(taken);
  ws_listener_state_fail(state, WS_LISTEN_ADDRESS_IN_USE, "first reason");
  CHECK(discarded_in_test == 1, "failing discards what waits (%d)", discarded_in_test);
  ws_listener_state_fail(state, WS_LISTEN_OTHER, "second reason");
  CHECK(ws_listener_state_step(state, &category, message) == WS_LISTEN_FAILED, "failed");
  CHECK(category == WS_LISTEN_ADDRESS_IN_USE && strcmp(message, "first reason") == 0, "the first reason wins");
  CHECK(ws_listener_state_port(state) == 0, "no port once failed");
  CHECK(ws_listener_state_take(state) == NULL, "nothing to take once failed");
  ws_listener_state_release(state);

  /* The last release discards what still waits. */
  state = ws_listener_state_create(8, count_discard);
  discarded_in_test = 0;
  ws_listener_state_listening(state, 1);
  ws_listener_state_arrived(state, boxed(1));
  ws_listener_state_arrived(state, boxed(2));
  ws_listener_state_release(state);
  CHECK(discarded_in_test == 2, "release discards waiting connections (%d)", discarded_in_test);
}

#define ARRIVALS 20000

static void *arrive_many(void *argument) {
  ws_listener_state *state = (ws_listener_state *)argument;
  int i;
  ws_listener_state_listening(state, 4242);
  for (i = 0; i < ARRIVALS; i++) {
    int *connection = boxed(i);
    while (!ws_listener_state_arrived(state, connection)) sched_yield(); /* full: Lua catches up */
  }
  return NULL;
}

static void test_listener_state_threads(void) {
  ws_listener_state *state = ws_listener_state_create(16, count_discard);
  pthread_t network;
  int expected = 0, in_order = 1;
  pthread_create(&network, NULL, arrive_many, state);
  while (expected < ARRIVALS) {
    int *connection = ws_listener_state_take(state);
    if (connection == NULL) {
      sched_yield();
      continue;
    }
    in_order = in_order && *connection == expected;
    expected++;
    free(connection);
  }
  pthread_join(network, NULL);
  CHECK(in_order, "every connection arrives once, in order, across threads");
  CHECK(ws_listener_state_port(state) == 4242, "the port set on the other thread");
  ws_listener_state_release(state);
}

/* ---- the Lua face, driven from Lua ---- */

static ws_link *last_link(lua_State *L) {
  if (scripted_last_link == NULL) luaL_error(L, "no link is open");
  return scripted_last_link;
}

static ws_failure_category category_from_name(lua_State *L, int index) {
  static const char *const names[] = {"dns", "connect", "tls", "closed", NULL};
  static const ws_failure_category categories[] = {WS_FAILURE_DNS, WS_FAILURE_CONNECT, WS_FAILURE_TLS,
                                                   WS_FAILURE_CLOSED};
  return categories[luaL_checkoption(L, index, NULL, names)];
}

static int network_opened(lua_State *L) {
  ws_stream_state_opened(last_link(L)->state);
  return 0;
}

static int network_receive(lua_State *L) {
  size_t length;
  const char *bytes = luaL_checklstring(L, 1, &length);
  static const char *const verdicts[] = {"continue", "pause", "stop"};
  lua_pushstring(L, verdicts[ws_stream_state_received(last_link(L)->state, bytes, length)]);
  return 1;
}

static int network_finish(lua_State *L) {
  ws_stream_state_end(last_link(L)->state, category_from_name(L, 1), luaL_checkstring(L, 2));
  return 0;
}

static int network_sent(lua_State *L) {
  ws_link *link = last_link(L);
  lua_pushlstring(L, (const char *)link->sent.data, link->sent.length);
  ws_byte_buffer_clear(&link->sent);
  return 1;
}

static int network_complete(lua_State *L) {
  ws_stream_state_send_completed(last_link(L)->state, (size_t)luaL_checknumber(L, 1));
  return 0;
}

static int network_options(lua_State *L) {
  const ws_open_options *options = &last_link(L)->options;
  lua_newtable(L);
  lua_pushstring(L, options->host);
  lua_setfield(L, -2, "host");
  lua_pushnumber(L, options->port);
  lua_setfield(L, -2, "port");
  lua_pushboolean(L, options->secure);
  lua_setfield(L, -2, "secure");
  lua_pushstring(L, options->server_name);
  lua_setfield(L, -2, "serverName");
  lua_pushnumber(L, options->min_tls);
  lua_setfield(L, -2, "minTlsWire");
  lua_pushboolean(L, options->verify);
  lua_setfield(L, -2, "verify");
  if (options->has_ca) {
    lua_pushlstring(L, options->ca_pem, options->ca_length);
    lua_setfield(L, -2, "ca");
  }
  lua_pushnumber(L, options->timeout);
  lua_setfield(L, -2, "timeout");
  return 1;
}

static int network_resume_requests(lua_State *L) {
  lua_pushnumber(L, last_link(L)->resume_requests);
  return 1;
}

static int network_closed(lua_State *L) {
  lua_pushboolean(L, last_link(L)->closed);
  return 1;
}

static int network_release(lua_State *L) {
  scripted_link_free(last_link(L));
  scripted_last_link = NULL;
  return 0;
}

static int network_fail_next_open(lua_State *L) {
  static char reason[WS_MESSAGE_MAX];
  snprintf(reason, sizeof reason, "%s", luaL_checkstring(L, 1));
  scripted_fail_next_open = reason;
  return 0;
}

static ws_listener_link *last_listener(lua_State *L) {
  if (scripted_last_listener == NULL) luaL_error(L, "no listener is open");
  return scripted_last_listener;
}

static int network_listening(lua_State *L) {
  ws_listener_state_listening(last_listener(L)->state, (unsigned)luaL_checknumber(L, 1));
  return 0;
}

static int network_arrive(lua_State *L) {
  scripted_connection *connection = calloc(1, sizeof *connection);
  int queued;
  snprintf(connection->host, sizeof connection->host, "%s", luaL_checkstring(L, 1));
  connection->port = (unsigned)luaL_checknumber(L, 2);
  queued = ws_listener_state_arrived(last_listener(L)->state, connection);
  if (!queued) ws_listener_link_discard(connection);
  lua_pushboolean(L, queued);
  return 1;
}

static int network_listen_fail(lua_State *L) {
  static const char *const names[] = {"address in use", "permission denied", "bad host",
                                      "tls unsupported here", "tls", "listen", NULL};
  ws_listener_state_fail(last_listener(L)->state, (ws_listen_failure)luaL_checkoption(L, 1, NULL, names),
                         luaL_checkstring(L, 2));
  return 0;
}

static int network_discarded(lua_State *L) {
  lua_pushnumber(L, scripted_discarded);
  return 1;
}

static int network_listener_options(lua_State *L) {
  const ws_listen_options *options = &last_listener(L)->options;
  lua_newtable(L);
  lua_pushstring(L, options->host);
  lua_setfield(L, -2, "host");
  lua_pushnumber(L, options->port);
  lua_setfield(L, -2, "port");
  lua_pushnumber(L, options->backlog);
  lua_setfield(L, -2, "backlog");
  lua_pushboolean(L, options->tls);
  lua_setfield(L, -2, "tls");
  lua_pushboolean(L, last_listener(L)->closed);
  lua_setfield(L, -2, "closed");
  return 1;
}

static int network_release_listener(lua_State *L) {
  scripted_listener_link_free(last_listener(L));
  scripted_last_listener = NULL;
  return 0;
}

static const luaL_Reg network_functions[] = {
    {"listening", network_listening}, {"arrive", network_arrive},
    {"listen_fail", network_listen_fail}, {"discarded", network_discarded},
    {"listener_options", network_listener_options}, {"release_listener", network_release_listener},
    {"opened", network_opened},   {"receive", network_receive},
    {"finish", network_finish},   {"sent", network_sent},
    {"complete", network_complete}, {"options", network_options},
    {"resume_requests", network_resume_requests}, {"closed", network_closed},
    {"release", network_release}, {"fail_next_open", network_fail_next_open},
    {NULL, NULL},
};

static const luaL_Reg native_functions[] = {
    {"open", ws_stream_lua_open},
    {"listen", ws_listener_lua_listen},
    {NULL, NULL},
};

static int lua_now(lua_State *L) {
  lua_pushnumber(L, ws_monotonic_seconds());
  return 1;
}

static void test_lua_face(const char *script) {
  lua_State *L = luaL_newstate();
  int status;
  luaL_openlibs(L);
  ws_stream_lua_register(L);
  ws_listener_lua_register(L);
  luaL_register(L, "native", native_functions);
  lua_pushcfunction(L, lua_now);
  lua_setfield(L, -2, "now");
  lua_pop(L, 1);
  luaL_register(L, "network", network_functions);
  lua_pop(L, 1);
  status = luaL_dofile(L, script);
  CHECK(status == 0, "%s", status == 0 ? "" : lua_tostring(L, -1));
  if (status == 0) {
    /* The script returns how many cases it ran; each raised on failure. */
    checks += (int)lua_tonumber(L, -1);
  }
  lua_close(L); /* runs __gc on every stream left open */
  if (scripted_last_link != NULL) {
    scripted_link_free(scripted_last_link);
    scripted_last_link = NULL;
  }
  if (scripted_last_listener != NULL) {
    scripted_listener_link_free(scripted_last_listener);
    scripted_last_listener = NULL;
  }
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s CERT.pem CERT.der BUNDLE.pem stream_contract.lua listener_contract.lua\n",
            argv[0]);
    return 2;
  }
  test_byte_buffer();
  test_failure_mapping();
  test_stream_state_threads();
  test_stream_state_rules();
  test_pem(argv[1], argv[2], argv[3]);
  test_clock();
  test_lua_face(argv[4]);
  test_listen_failures();
  test_listener_state_rules();
  test_listener_state_threads();
  test_lua_face(argv[5]);
  if (failures > 0) {
    fprintf(stderr, "%d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("portable parts: %d checks passed\n", checks);
  return 0;
}
