/* A small JSON writer: one value per call, commas and escaping handled here. */
#ifndef SIOT_JSON_H
#define SIOT_JSON_H

#include <windows.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

typedef struct json_t {
    FILE *f;
    int depth;
    int count[JSON_MAX_DEPTH];  /* values written at each open level */
    char close[JSON_MAX_DEPTH]; /* '}' or ']' for each open level */
} json_t;

void json_init(json_t *j, FILE *f);

/* key is the member name inside an object, NULL inside an array or at top. */
void json_object(json_t *j, const char *key);
void json_array(json_t *j, const char *key);
void json_end(json_t *j); /* closes the innermost object or array */

void json_str(json_t *j, const char *key, const char *utf8);
void json_wstr(json_t *j, const char *key, const WCHAR *s);
void json_uint(json_t *j, const char *key, unsigned long long v);
void json_int(json_t *j, const char *key, long long v);
void json_null(json_t *j, const char *key);

/* Ends the document with a newline. */
void json_finish(json_t *j);

#endif
