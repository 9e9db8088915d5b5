/* jsoncheck: whether a string is exactly one well-formed JSON value
 * (RFC 8259), for tests that must prove a log line is not torn. */
#ifndef SIOT_JSONCHECK_H
#define SIOT_JSONCHECK_H

#include <stdbool.h>
#include <stddef.h>

bool jsoncheck_valid(const char *s, size_t n);

#endif
