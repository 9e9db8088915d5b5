/* evsrc: what lspctl keeps of siotrace outside the catalogs, and removes
 * only when asked to purge: the Event Log source (Application log,
 * "siotrace", whose key names the DLL whose message table gives its
 * entries their text), the configuration (HKLM\SOFTWARE\siotrace) and the
 * log directory with its logs. install registers the source; uninstall
 * keeps all three, so that old entries keep their text and old logs stay;
 * uninstall --purge removes them. */
#ifndef SIOT_EVSRC_H
#define SIOT_EVSRC_H

#include <windows.h>

#define EVSRC_KEY L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\siotrace"

/* Registers the source with dll (as the catalog names it, %SystemRoot%...)
 * as its message file. 0, or -1 with why. */
int evsrc_register(const WCHAR *dll, char *why, size_t n);
/* The message file the source names (1), none (0), or -1 when unreadable. */
int evsrc_message_file(WCHAR *out, size_t n);

/* status's line about the source: registered with which message file, or not. */
void evsrc_status(void);

/* Prints what --purge removes (dry_run) or removes it: the source, the
 * configuration and the log directory `logs` with every file in it.
 * 0, or -1 after saying what could not be removed. */
int evsrc_purge(const WCHAR *logs, int dry_run);

#endif
