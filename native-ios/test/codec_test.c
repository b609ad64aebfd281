/*
 * libz as the plugin's native codec (src/codec_stream.c, src/codec_lua.c), held to the codec
 * vectors zlib made for this run (test/codec/native-vectors.mjs, written by check.sh: the set of
 * test/codec/vector-set.mjs that vitest holds the pure and Node codecs to). Each vector is driven as
 * ts/codec/native.ts drives a NativeInflateStream: the pieces of a message pushed in turn, the last
 * with 00 00 ff ff, pulls of a bounded size, the size limit checked on every pull. Every kind the
 * file holds must run, as many of each as its closing C line declares.
 * Then every level deflates the sample messages (whole and in slices, with and without context
 * takeover) into what inflates back, and the Lua face runs one round trip.
 *
 *   codec_test <vectors.txt>
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/codec_lua.h"
#include "../src/codec_stream.h"

static int failures = 0;
#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (!(cond)) {                                        \
      failures++;                                         \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                       \
      fprintf(stderr, "\n");                              \
    }                                                     \
  } while (0)

typedef struct {
  unsigned char *bytes;
  size_t length;
} blob;

typedef struct {
  char name[128];
  int window_bits, no_context_takeover;
  size_t max_size;
  char expect[16];
  blob messages[64], payloads[64];
  int message_count, payload_count;
} vector;

#define MAX_VECTORS 128
static vector vectors[MAX_VECTORS];
static int vector_count = 0;
/* The counts the file ends with (its C line): ok, error, too-big, truncated. */
static int declared[4] = {-1, -1, -1, -1};
static const char *KINDS[4] = {"ok", "error", "too-big", "truncated"};

static int kind_of(const char *expect) {
  for (int k = 0; k < 4; k++) {
    if (strcmp(expect, KINDS[k]) == 0) return k;
  }
  return -1;
}

static blob from_hex(const char *hex) {
  size_t n = strlen(hex);
  while (n > 0 && (hex[n - 1] == '\n' || hex[n - 1] == '\r')) n--;
  blob b = {malloc(n / 2 + 1), n / 2};
  for (size_t i = 0; i < b.length; i++) {
    unsigned value;
    sscanf(hex + 2 * i, "%2x", &value);
    b.bytes[i] = (unsigned char)value;
  }
  return b;
}

static void read_vectors(const char *path) {
  FILE *file = fopen(path, "r");
  if (file == NULL) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  size_t capacity = 1 << 24;
  char *line = malloc(capacity);
  vector *v = NULL;
  while (fgets(line, (int)capacity, file) != NULL) {
    if (line[0] == 'V') {
      if (vector_count == MAX_VECTORS) {
        fprintf(stderr, "more than %d vectors in %s\n", MAX_VECTORS, path);
        exit(1);
      }
      v = &vectors[vector_count];
      memset(v, 0, sizeof *v);
      char *fields[5];
      char *cursor = line + 2;
      for (int i = 0; i < 5; i++) {
        fields[i] = cursor;
        cursor = strchr(cursor, i < 4 ? '\t' : '\n');
        if (cursor) *cursor++ = '\0';
      }
      snprintf(v->name, sizeof v->name, "%s", fields[0]);
      v->window_bits = atoi(fields[1]);
      v->no_context_takeover = atoi(fields[2]);
      v->max_size = (size_t)atol(fields[3]);
      snprintf(v->expect, sizeof v->expect, "%s", fields[4]);
    } else if ((line[0] == 'M' || line[0] == 'P') && v != NULL) {
      int *count = line[0] == 'M' ? &v->message_count : &v->payload_count;
      if (*count == 64) {
        fprintf(stderr, "%s: more than 64 messages or payloads\n", v->name);
        exit(1);
      }
      (line[0] == 'M' ? v->messages : v->payloads)[(*count)++] = from_hex(line + 2);
    } else if (line[0] == 'E') {
      vector_count++;
    } else if (line[0] == 'C') {
      sscanf(line + 2, "%d %d %d %d", &declared[0], &declared[1], &declared[2], &declared[3]);
    }
  }
  free(line);
  fclose(file);
}

static const unsigned char TAIL[4] = {0, 0, 0xff, 0xff};

/* Inflates v's payloads in pieces; returns "ok", "error" or "too-big"; outputs compared on the way. */
static const char *inflate_vector(const vector *v, const blob *payloads, const blob *expected, int count,
                                  size_t piece_size, size_t budget) {
  ws_codec_stream *stream = ws_inflate_new(v->window_bits);
  unsigned char *out = malloc(budget + 1);
  unsigned char *message = malloc(v->max_size + 1);
  const char *result = "ok";
  for (int m = 0; m < count && strcmp(result, "ok") == 0; m++) {
    const blob *p = &payloads[m];
    size_t length = 0;
    size_t step = piece_size == 0 || p->length == 0 ? (p->length > 0 ? p->length : 1) : piece_size;
    for (size_t at = 0; at < (p->length > 0 ? p->length : 1); at += step) {
      int last = at + step >= p->length;
      size_t n = p->length - at < step ? p->length - at : step;
      ws_inflate_push(stream, p->bytes + at, n);
      if (last) ws_inflate_push(stream, TAIL, 4);
      for (;;) {
        size_t allowed = v->max_size - length;
        size_t produced;
        ws_pull_state state = ws_inflate_pull(stream, out, allowed < budget ? allowed + 1 : budget, &produced);
        if (state == WS_PULL_ERROR) {
          result = "error";
          break;
        }
        if (produced > allowed) {
          result = "too-big";
          break;
        }
        CHECK(produced <= budget, "%s: a pull gave %zu bytes, budget %zu", v->name, produced, budget);
        memcpy(message + length, out, produced);
        length += produced;
        if (state == WS_PULL_FULL) continue;
        if (!last && state == WS_PULL_DRAINED) break;
        if (v->no_context_takeover || state == WS_PULL_ENDED) ws_codec_reset(stream);
        break;
      }
      if (strcmp(result, "ok") != 0) break;
    }
    if (strcmp(result, "ok") == 0 && expected != NULL) {
      CHECK(length == expected[m].length && memcmp(message, expected[m].bytes, length) == 0,
            "%s: message %d differs (piece size %zu)", v->name, m, piece_size);
    }
  }
  free(out);
  free(message);
  ws_codec_free(stream);
  return result;
}

typedef struct {
  unsigned char *bytes;
  size_t length, capacity;
} sink;

static void emit(void *context, const unsigned char *bytes, size_t count) {
  sink *s = context;
  if (s->length + count > s->capacity) {
    s->capacity = (s->length + count) * 2;
    s->bytes = realloc(s->bytes, s->capacity);
  }
  memcpy(s->bytes + s->length, bytes, count);
  s->length += count;
}

static void test_deflate(const vector *sample) {
  for (int level = 0; level <= 9; level++) {
    for (int no_context_takeover = 0; no_context_takeover <= 1; no_context_takeover++) {
      for (int window_bits = 8; window_bits <= 15; window_bits += 7) {
        ws_codec_stream *deflater = ws_deflate_new(window_bits, level);
        blob payloads[64];
        for (int m = 0; m < sample->message_count; m++) {
          sink s = {NULL, 0, 0};
          const blob *message = &sample->messages[m];
          size_t at = 0;
          do {
            size_t end = message->length - at > 1000 ? at + 1000 : message->length;
            ws_deflate_run(deflater, message->bytes + at, end - at, end == message->length, emit, &s);
            at = end;
          } while (at < message->length);
          if (s.length == 0) {
            emit(&s, (const unsigned char *)"\0", 1); /* zlib flushed nothing after a flush: RFC 7692 7.2.3.6 */
          } else {
            CHECK(s.length >= 4 && memcmp(s.bytes + s.length - 4, TAIL, 4) == 0, "a sync flush ends with 00 00 ff ff");
            s.length -= 4;
          }
          payloads[m].bytes = s.bytes;
          payloads[m].length = s.length;
          if (no_context_takeover) ws_codec_reset(deflater);
        }
        ws_codec_free(deflater);
        vector check = *sample;
        snprintf(check.name, sizeof check.name, "deflate level %d window %d%s", level, window_bits,
                 no_context_takeover ? " no takeover" : "");
        check.no_context_takeover = no_context_takeover;
        check.window_bits = window_bits;
        const char *result = inflate_vector(&check, payloads, sample->messages, sample->message_count, 0, 65536);
        CHECK(strcmp(result, "ok") == 0, "%s: %s", check.name, result);
        for (int m = 0; m < sample->message_count; m++) free(payloads[m].bytes);
      }
    }
  }
}

static const char *LUA_ROUND_TRIP =
    "local codec = ...\n"
    "assert(codec.name == 'libz')\n"
    "local d = codec.newDeflateStream(15, 1)\n"
    "local message = string.rep('hello permessage-deflate ', 40)\n"
    "local payload = assert(d:deflate(message, true))\n"
    "assert(payload:sub(-4) == '\\0\\0\\255\\255')\n"
    "local i = codec.newInflateStream(15)\n"
    "i:push(payload)\n"
    "local out, state = i:pull(100)\n"
    "assert(#out == 100 and state == 'full', state)\n"
    "local rest, state2 = i:pull(10000)\n"
    "assert(out .. rest == message and state2 == 'drained', state2)\n"
    "local bad = codec.newInflateStream(15)\n"
    "bad:push('\\6')\n"
    "local none, problem = bad:pull(100)\n"
    "assert(none == nil and problem:find('invalid block type'), problem)\n"
    "d:close(); i:close(); bad:close()\n";

static void test_lua_face(void) {
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  int loaded = luaL_loadstring(L, LUA_ROUND_TRIP);
  CHECK(loaded == 0, "Lua chunk loads");
  ws_codec_lua_push(L);
  if (lua_pcall(L, 1, 0, 0) != 0) {
    CHECK(0, "Lua face: %s", lua_tostring(L, -1));
  }
  lua_close(L);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: codec_test <vectors.txt>\n");
    return 2;
  }
  read_vectors(argv[1]);
  int ran[4] = {0, 0, 0, 0};
  for (int i = 0; i < vector_count; i++) {
    const vector *v = &vectors[i];
    int kind = kind_of(v->expect);
    CHECK(kind >= 0, "%s: unknown expectation %s", v->name, v->expect);
    if (kind < 0) continue;
    int ok = kind == 0;
    size_t pieces[3] = {0, 1, 1000};
    /* Every vector whole, in 1-byte pieces with 300-byte pulls and in 1000-byte pieces, but a bomb: whole. */
    for (int k = 0; k < (kind == 2 ? 1 : 3); k++) {
      const char *result = inflate_vector(v, v->payloads, ok ? v->messages : NULL, v->payload_count, pieces[k], k == 1 ? 300 : 65536);
      if (kind == 3) {
        /* Cut short inside a block: zlib waits for more and cannot tell; it must only survive it. */
        CHECK(strcmp(result, "ok") == 0 || strcmp(result, "error") == 0, "%s: %s", v->name, result);
      } else {
        CHECK(strcmp(result, v->expect) == 0, "%s: %s, expected %s (piece size %zu)", v->name, result, v->expect, pieces[k]);
      }
    }
    ran[kind]++;
  }
  for (int k = 0; k < 4; k++) {
    CHECK(ran[k] == declared[k] && ran[k] > 0, "%s vectors: %d run, the file declares %d", KINDS[k], ran[k], declared[k]);
  }
  test_deflate(&vectors[0]);
  test_lua_face();
  for (int i = 0; i < vector_count; i++) {
    for (int m = 0; m < vectors[i].message_count; m++) free(vectors[i].messages[m].bytes);
    for (int m = 0; m < vectors[i].payload_count; m++) free(vectors[i].payloads[m].bytes);
  }
  printf("codec: %d vectors (%d inflate, %d corrupt, %d bomb, %d truncated), %d failures\n", vector_count, ran[0], ran[1], ran[2],
         ran[3], failures);
  return failures == 0 ? 0 : 1;
}
