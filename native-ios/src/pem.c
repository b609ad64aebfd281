#include "pem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 7468 section 2: the encapsulation boundaries of a certificate (label "CERTIFICATE"). */
static const char PEM_CERTIFICATE_BEGIN[] = "-----BEGIN CERTIFICATE-----";
static const char PEM_CERTIFICATE_END[] = "-----END CERTIFICATE-----";

/* RFC 4648 section 4: the value of a base64 character, -1 for whitespace (RFC 7468 allows it
 * between lines), -2 for padding and -3 for anything else. */
static int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return -1;
  if (c == '=') return -2;
  return -3;
}

/* Decodes base64 text into `out` (at least 3/4 of `length` bytes). Returns the byte count, or
 * -1 when the text is not base64. */
static long base64_decode(const char *text, size_t length, unsigned char *out) {
  unsigned long group = 0;
  int sextets = 0, padding = 0;
  long written = 0;
  size_t i;
  for (i = 0; i < length; i++) {
    int value = base64_value((unsigned char)text[i]);
    if (value == -1) continue;
    if (value == -3) return -1;
    if (value == -2) {
      padding++;
      value = 0;
    } else if (padding > 0) {
      return -1; /* data after padding */
    }
    group = (group << 6) | (unsigned long)value;
    if (++sextets == 4) {
      out[written++] = (unsigned char)(group >> 16);
      if (padding < 2) out[written++] = (unsigned char)(group >> 8);
      if (padding < 1) out[written++] = (unsigned char)group;
      group = 0;
      sextets = 0;
    }
  }
  if (sextets != 0 || padding > 2) return -1;
  return written;
}

static const char *find(const char *from, const char *end, const char *needle) {
  size_t needle_length = strlen(needle);
  for (; from + needle_length <= end; from++) {
    if (memcmp(from, needle, needle_length) == 0) return from;
  }
  return NULL;
}

static int append(ws_der_list *list, unsigned char *der, size_t length) {
  ws_der_certificate *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
  if (grown == NULL) return 0;
  list->items = grown;
  list->items[list->count].der = der;
  list->items[list->count].length = length;
  list->count++;
  return 1;
}

int ws_pem_decode_certificates(const char *text, size_t length, ws_der_list *list, char *error,
                               size_t error_size) {
  const char *end = text + length;
  const char *cursor = text;
  list->items = NULL;
  list->count = 0;
  for (;;) {
    const char *begin = find(cursor, end, PEM_CERTIFICATE_BEGIN);
    const char *body, *finish;
    unsigned char *der;
    long der_length;
    if (begin == NULL) break;
    body = begin + strlen(PEM_CERTIFICATE_BEGIN);
    finish = find(body, end, PEM_CERTIFICATE_END);
    if (finish == NULL) {
      snprintf(error, error_size, "certificate %zu has no END line", list->count + 1);
      ws_der_list_free(list);
      return 0;
    }
    der = malloc((size_t)(finish - body) / 4 * 3 + 3);
    if (der == NULL) {
      snprintf(error, error_size, "out of memory");
      ws_der_list_free(list);
      return 0;
    }
    der_length = base64_decode(body, (size_t)(finish - body), der);
    if (der_length <= 0) {
      free(der);
      snprintf(error, error_size, "certificate %zu is not valid base64", list->count + 1);
      ws_der_list_free(list);
      return 0;
    }
    if (!append(list, der, (size_t)der_length)) {
      free(der);
      snprintf(error, error_size, "out of memory");
      ws_der_list_free(list);
      return 0;
    }
    cursor = finish + strlen(PEM_CERTIFICATE_END);
  }
  if (list->count == 0) {
    snprintf(error, error_size, "no \"%s\" block", PEM_CERTIFICATE_BEGIN);
    return 0;
  }
  return 1;
}

void ws_der_list_free(ws_der_list *list) {
  size_t i;
  for (i = 0; i < list->count; i++) free(list->items[i].der);
  free(list->items);
  list->items = NULL;
  list->count = 0;
}
