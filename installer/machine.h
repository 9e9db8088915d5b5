/* The processor Windows runs on natively, and whether it is the one this
 * lspctl serves.
 *
 * siotrace.dll is built for x64 and x86. The x64 lspctl writes both catalogs
 * of x64 Windows; the x86 one the single catalog of 32-bit x86 Windows. On
 * ARM64 Windows the x64 lspctl runs emulated and is no WOW64 process, so
 * nothing else tells it that the 64-bit catalog it would write is the one
 * native ARM64 processes load their LSPs from: they would be given an x64 DLL
 * they cannot load. Only IsWow64Process2 names the native machine. Where
 * kernel32 lacks it (Windows 10 before version 1709 by Microsoft's
 * documentation, exported since 1511), Windows predates Windows on ARM64:
 * the x64 lspctl runs on x64, the x86 one on x86 or, under WOW64, on x64. */
#ifndef SIOT_MACHINE_H
#define SIOT_MACHINE_H

#include <windows.h>

/* IsWow64Process2's type, for a test to give another. */
typedef BOOL(WINAPI *machine_wow64_fn)(HANDLE process, USHORT *process_machine,
                                       USHORT *native_machine);

/* IsWow64Process2 from kernel32, or NULL where it is missing. */
machine_wow64_fn machine_wow64_function(void);

/* IMAGE_FILE_MACHINE_AMD64 for the x64 lspctl, I386 for the x86 one. */
WORD machine_self(void);

typedef enum machine_verdict_t {
    MACHINE_SERVED = 0, /* Windows runs natively on machine_self() */
    MACHINE_OTHER,      /* on another machine: why says which, and what to run */
    MACHINE_UNKNOWN     /* it cannot be told: why says what failed */
} machine_verdict_t;

/* Asks is2 (IsWow64Process2, or NULL where Windows lacks it) which machine
 * Windows runs on natively, into *native (0 when unknown). why gets a
 * sentence for anything but MACHINE_SERVED. */
machine_verdict_t machine_check(machine_wow64_fn is2, WORD *native, char *why, size_t n);

#endif
