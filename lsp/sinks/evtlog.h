/* evtlog: siotrace's entries in the Windows Event Log: the Application log,
 * source "siotrace", whose messages are the message table of siotrace.dll
 * (evtmsg.mc) and which lspctl install registers. An entry is its event id,
 * its type, the process's user SID and the insertion strings of its
 * message. Reported from the writer thread only, never under the loader
 * lock (RegisterEventSource may load libraries and talk to the service). */
#ifndef SIOT_EVTLOG_H
#define SIOT_EVTLOG_H

#include <windows.h>

#include <stdbool.h>

#include "evtmsg.h"

#define EVTLOG_SOURCE      L"siotrace"
#define EVTLOG_STRINGS_MAX 16

/* Reports one entry; strings are UTF-8 (NULL counts as ""). False when the
 * Event Log could not take it. */
bool evtlog_report(DWORD id, WORD type, PSID user, const char *const *strings, unsigned n);
/* Lets the source handle go (the writer thread ends). */
void evtlog_close(void);

#endif
