/* Which processor Windows runs on natively, as lspctl's x64 build asks
 * IsWow64Process2, faked here: x64 Windows, ARM64 Windows (where this build
 * runs emulated and is no WOW64 process), a Windows without the function, and
 * the function failing. Then the real one, under Wine's x64 Windows. */
#include <string.h>

#include "check.h"
#include "machine.h"

static int test_calls;
static HANDLE test_asked;

static BOOL WINAPI test_native(HANDLE process, USHORT *process_machine, USHORT *native, USHORT host)
{
    test_calls++;
    test_asked = process;
    *process_machine = IMAGE_FILE_MACHINE_UNKNOWN;
    if (native)
        *native = host;
    return TRUE;
}

static BOOL WINAPI test_amd64(HANDLE process, USHORT *process_machine, USHORT *native)
{
    return test_native(process, process_machine, native, IMAGE_FILE_MACHINE_AMD64);
}

static BOOL WINAPI test_arm64(HANDLE process, USHORT *process_machine, USHORT *native)
{
    return test_native(process, process_machine, native, IMAGE_FILE_MACHINE_ARM64);
}

static BOOL WINAPI test_failing(HANDLE process, USHORT *process_machine, USHORT *native)
{
    (void)process;
    (void)process_machine;
    (void)native;
    test_calls++;
    SetLastError(ERROR_ACCESS_DENIED);
    return FALSE;
}

static machine_verdict_t test_check(machine_wow64_fn is2, WORD *native, char *why)
{
    *native = 0xdead;
    strcpy(why, "untouched");
    test_calls = 0;
    test_asked = NULL;
    return machine_check(is2, native, why, 320);
}

int main(void)
{
    machine_wow64_fn real = machine_wow64_function();
    char why[320];
    WORD native;

    check(machine_self() == IMAGE_FILE_MACHINE_AMD64);

    check(test_check(test_amd64, &native, why) == MACHINE_SERVED);
    check(native == IMAGE_FILE_MACHINE_AMD64);
    check(test_calls == 1 && test_asked == GetCurrentProcess());
    check_str(why, "untouched");

    check(test_check(test_arm64, &native, why) == MACHINE_OTHER);
    check(native == IMAGE_FILE_MACHINE_ARM64);
    check(test_calls == 1);
    check_str(why, "this Windows runs natively on ARM64 (machine 0xaa64), this x64 lspctl under "
                   "emulation: siotrace has DLLs for x64 and x86 Windows only, none its native "
                   "processes can load");

    /* Windows without IsWow64Process2 predates Windows on ARM64. */
    check(test_check(NULL, &native, why) == MACHINE_SERVED);
    check(native == IMAGE_FILE_MACHINE_AMD64);
    check_str(why, "untouched");

    check(test_check(test_failing, &native, why) == MACHINE_UNKNOWN);
    check(test_calls == 1);
    check(native == 0);
    check_str(why, "IsWow64Process2 failed (error 5)");

    /* Wine 8 has the function, and runs on x64. */
    check(real != NULL);
    check(test_check(real, &native, why) == MACHINE_SERVED);
    check(native == IMAGE_FILE_MACHINE_AMD64);
    return check_done("test_machine");
}
