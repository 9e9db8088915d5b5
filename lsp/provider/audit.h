/* audit: the codes whose every use is recorded even under overload: those
 * that turn on promiscuous or multicast capture. */
#ifndef SIOT_AUDIT_H
#define SIOT_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

bool audit_code(uint32_t code);

#endif
