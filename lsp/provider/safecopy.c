/* gcc has no __try, and ReadProcessMemory on the current process is a
 * wineserver round trip under Wine (about 45 us) that does not even notice
 * unreadable pages. Instead the copy is one `rep movsb` whose registers say
 * how far it got: a vectored handler that sees an access violation at exactly
 * that instruction resumes after it, and the routine returns the remainder. */
#include <windows.h>

#include <stdint.h>

#include "safecopy.h"

/* size_t safecopy__movsb(void *dst, const void *src, size_t n): bytes NOT copied. */
size_t safecopy__movsb(void *dst, const void *src, size_t n);
extern const char safecopy__insn[];

#if defined(__x86_64__)
__asm__(".text\n"
        ".globl safecopy__movsb\n"
        ".def safecopy__movsb; .scl 2; .type 32; .endef\n"
        ".seh_proc safecopy__movsb\n"
        "safecopy__movsb:\n"
        "    pushq %rdi\n"
        "    .seh_pushreg %rdi\n"
        "    pushq %rsi\n"
        "    .seh_pushreg %rsi\n"
        "    .seh_endprologue\n"
        "    movq %rcx, %rdi\n"
        "    movq %rdx, %rsi\n"
        "    movq %r8, %rcx\n"
        ".globl safecopy__insn\n"
        "safecopy__insn:\n"
        "    rep movsb\n"
        "    movq %rcx, %rax\n"
        "    popq %rsi\n"
        "    popq %rdi\n"
        "    ret\n"
        ".seh_endproc\n");
#define SAFECOPY__PC(ctx) ((ctx)->Rip)
#elif defined(__i386__)
__asm__(".text\n"
        ".globl _safecopy__movsb\n"
        ".def _safecopy__movsb; .scl 2; .type 32; .endef\n"
        "_safecopy__movsb:\n"
        "    pushl %edi\n"
        "    pushl %esi\n"
        "    movl 12(%esp), %edi\n"
        "    movl 16(%esp), %esi\n"
        "    movl 20(%esp), %ecx\n"
        ".globl _safecopy__insn\n"
        "_safecopy__insn:\n"
        "    rep movsb\n"
        "    movl %ecx, %eax\n"
        "    popl %esi\n"
        "    popl %edi\n"
        "    ret\n");
#define SAFECOPY__PC(ctx) ((ctx)->Eip)
#else
#error "safecopy supports x86_64 and i386 only"
#endif

#define SAFECOPY__INSN_LEN 2 /* F3 A4 */

static SRWLOCK safecopy__lock = SRWLOCK_INIT;
static PVOID safecopy__handle;
static unsigned safecopy__users;
static volatile LONG safecopy__ready;

static LONG CALLBACK safecopy__handler(EXCEPTION_POINTERS *ep)
{
    const EXCEPTION_RECORD *er = ep->ExceptionRecord;
    if (SAFECOPY__PC(ep->ContextRecord) != (ULONG_PTR)safecopy__insn)
        return EXCEPTION_CONTINUE_SEARCH;
    if (er->ExceptionCode == STATUS_GUARD_PAGE_VIOLATION && er->NumberParameters >= 2) {
        /* A page that became a guard page after safecopy__readable looked:
         * touching it disarmed it; re-arm it (the owner's next touch is then
         * seen again) and treat it as unreadable. */
        MEMORY_BASIC_INFORMATION mbi;
        void *page = (void *)er->ExceptionInformation[1];
        DWORD old;
        if (VirtualQuery(page, &mbi, sizeof mbi) == sizeof mbi)
            VirtualProtect(page, 1, mbi.Protect | PAGE_GUARD, &old);
    } else if (er->ExceptionCode != EXCEPTION_ACCESS_VIOLATION &&
               er->ExceptionCode != EXCEPTION_IN_PAGE_ERROR) {
        /* An in-page error is a mapped file whose media failed: unreadable
         * too, where the base provider would return WSAEFAULT. */
        return EXCEPTION_CONTINUE_SEARCH;
    }
    SAFECOPY__PC(ep->ContextRecord) += SAFECOPY__INSN_LEN;
    return EXCEPTION_CONTINUE_EXECUTION;
}

bool safecopy_init(void)
{
    bool ok = true;
    AcquireSRWLockExclusive(&safecopy__lock);
    if (!safecopy__handle) {
        safecopy__handle = AddVectoredExceptionHandler(1, safecopy__handler);
        ok = safecopy__handle != NULL;
    }
    if (ok) {
        safecopy__users++;
        InterlockedExchange(&safecopy__ready, 1);
    }
    ReleaseSRWLockExclusive(&safecopy__lock);
    return ok;
}

/* The handler stays until the DLL is unloaded: another thread may be in the
 * middle of a copy (a call made while the program's last WSACleanup runs),
 * and a fault it takes after the handler went would end the process. */
void safecopy_fini(void)
{
    AcquireSRWLockExclusive(&safecopy__lock);
    if (safecopy__users > 0 && --safecopy__users == 0)
        InterlockedExchange(&safecopy__ready, 0);
    ReleaseSRWLockExclusive(&safecopy__lock);
}

void safecopy_unload(void)
{
    if (safecopy__handle) {
        InterlockedExchange(&safecopy__ready, 0);
        RemoveVectoredExceptionHandler(safecopy__handle);
        safecopy__handle = NULL;
        safecopy__users = 0;
    }
}

/* Whether [p, p + n) lies in the calling thread's committed stack, above
 * its guard page: the common case (a buffer on the caller's stack) needs no
 * query. */
static bool safecopy__on_own_stack(const char *p, size_t n)
{
    /* The TEB's self pointer (NtCurrentTeb, whose inline form gcc 12 flags). */
    const NT_TIB *tib;
#if defined(__x86_64__)
    __asm__("movq %%gs:0x30, %0" : "=r"(tib));
#else
    __asm__("movl %%fs:0x18, %0" : "=r"(tib));
#endif
    const char *limit = tib->StackLimit, *base = tib->StackBase;
    return p >= limit && p <= base && n <= (size_t)(base - p);
}

static bool safecopy__readable_region(const MEMORY_BASIC_INFORMATION *m)
{
    const DWORD readable = PAGE_READONLY | PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READ |
                           PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY;
    return m->State == MEM_COMMIT && (m->Protect & readable) && !(m->Protect & PAGE_GUARD);
}

/* How many bytes from p lie on committed, readable pages that are not guard
 * pages. A guard page is never touched: touching disarms it, and the thread
 * whose stack it guards would then grow its stack past it unseen. What the
 * fault handler still catches is what the query cannot see: a page that
 * changes after it, or a mapped file whose media fails (STATUS_IN_PAGE_ERROR). */
static size_t safecopy__readable(const void *src, size_t n)
{
    const char *p = src, *end;
    if (n > (size_t)UINTPTR_MAX - (uintptr_t)p)
        n = (size_t)UINTPTR_MAX - (uintptr_t)p;
    if (safecopy__on_own_stack(p, n))
        return n;
    end = p + n;
    while (p < end) {
        MEMORY_BASIC_INFORMATION m;
        if (VirtualQuery(p, &m, sizeof m) != sizeof m || !safecopy__readable_region(&m))
            break;
        p = (const char *)m.BaseAddress + m.RegionSize;
    }
    return p >= end ? n : (size_t)(p - (const char *)src);
}

size_t safecopy(void *dst, const void *src, size_t n)
{
    if (n == 0 || !safecopy__ready)
        return 0;
    n = safecopy__readable(src, n);
    return n ? n - safecopy__movsb(dst, src, n) : 0;
}
