#include "runproc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define RUNPROC_TIMEOUT_MS 120000

static HANDLE runproc__temp(WCHAR *name)
{
    WCHAR dir[MAX_PATH];
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};

    if (!GetTempPathW(MAX_PATH, dir) || !GetTempFileNameW(dir, L"rp", 0, name))
        return INVALID_HANDLE_VALUE;
    return CreateFileW(name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
                       CREATE_ALWAYS, FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
}

static void runproc__slurp(HANDLE h, char *buf, size_t n)
{
    DWORD got = 0;

    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    if (!ReadFile(h, buf, (DWORD)(n - 1), &got, NULL))
        got = 0;
    buf[got] = 0;
}

/* This process's environment with env added, as a block for CreateProcess. */
static WCHAR *runproc__environment(const char *const *env)
{
    WCHAR *mine = GetEnvironmentStringsW(), *block, *p;
    size_t len = 0, extra = 0, i;

    for (p = mine; *p; p += wcslen(p) + 1)
        ;
    len = (size_t)(p - mine);
    for (i = 0; env && env[i]; i++)
        extra += strlen(env[i]) + 1;
    block = calloc(len + extra + 1, sizeof *block);
    if (!block)
        return NULL;
    p = block;
    for (i = 0; env && env[i]; i++) {
        MultiByteToWideChar(CP_UTF8, 0, env[i], -1, p, (int)(strlen(env[i]) + 1));
        p += wcslen(p) + 1;
    }
    memcpy(p, mine, len * sizeof *mine);
    FreeEnvironmentStringsW(mine);
    return block;
}

/* Wine's CreateProcess now and then fails with ERROR_INTERNAL_ERROR (1359)
 * after a test has started some hundreds of processes (seen in two full
 * runs, never in a test run alone): it is tried three times. */
static BOOL runproc__start(HANDLE token, WCHAR *cmd, WCHAR *block, STARTUPINFOW *si,
                           PROCESS_INFORMATION *pi)
{
    BOOL ok = FALSE;

    for (int tries = 0; !ok && tries < 3; tries++) {
        if (tries)
            Sleep(200);
        ok = token ? CreateProcessAsUserW(token, NULL, cmd, NULL, NULL, TRUE,
                                          CREATE_UNICODE_ENVIRONMENT, block, NULL, si, pi)
                   : CreateProcessW(NULL, cmd, NULL, NULL, TRUE, CREATE_UNICODE_ENVIRONMENT, block,
                                    NULL, si, pi);
    }
    return ok;
}

static int runproc__run(const char *cmdline, const char *const *env, HANDLE token, runproc_t *r)
{
    WCHAR out_name[MAX_PATH], err_name[MAX_PATH], *cmd, *block;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    HANDLE out = runproc__temp(out_name), err = runproc__temp(err_name);
    size_t n = strlen(cmdline) + 1;
    int rc = -1;

    memset(r, 0, sizeof *r);
    r->exit_code = 0xffffffff;
    cmd = calloc(n, sizeof *cmd);
    block = runproc__environment(env);
    if (out == INVALID_HANDLE_VALUE || err == INVALID_HANDLE_VALUE || !cmd || !block) {
        snprintf(r->err, sizeof r->err, "runproc: no temporary file or memory (error %lu)",
                 (unsigned long)GetLastError());
        goto done;
    }
    MultiByteToWideChar(CP_UTF8, 0, cmdline, -1, cmd, (int)n);
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = out;
    si.hStdError = err;
    if (!runproc__start(token, cmd, block, &si, &pi)) {
        snprintf(r->err, sizeof r->err, "runproc: CreateProcess failed (error %lu)",
                 (unsigned long)GetLastError());
        goto done;
    }
    if (WaitForSingleObject(pi.hProcess, RUNPROC_TIMEOUT_MS) == WAIT_OBJECT_0 &&
        GetExitCodeProcess(pi.hProcess, &r->exit_code))
        rc = 0;
    else
        TerminateProcess(pi.hProcess, 1);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    runproc__slurp(out, r->out, sizeof r->out);
    runproc__slurp(err, r->err, sizeof r->err);
    if (rc)
        snprintf(r->err, sizeof r->err, "runproc: no exit within %d s (error %lu)",
                 RUNPROC_TIMEOUT_MS / 1000, (unsigned long)GetLastError());
done:
    if (out != INVALID_HANDLE_VALUE)
        CloseHandle(out);
    if (err != INVALID_HANDLE_VALUE)
        CloseHandle(err);
    free(cmd);
    free(block);
    return rc;
}

int runproc(const char *cmdline, const char *const *env, runproc_t *r)
{
    return runproc__run(cmdline, env, NULL, r);
}

int runproc_unelevated(const char *cmdline, const char *const *env, runproc_t *r)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    SID_AND_ATTRIBUTES deny = {NULL, 0};
    HANDLE token = NULL, restricted = NULL;
    int rc = -1;

    if (AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0,
                                 0, 0, 0, 0, &deny.Sid) &&
        OpenProcessToken(GetCurrentProcess(), TOKEN_ALL_ACCESS, &token) &&
        CreateRestrictedToken(token, 0, 1, &deny, 0, NULL, 0, NULL, &restricted))
        rc = runproc__run(cmdline, env, restricted, r);
    if (restricted)
        CloseHandle(restricted);
    if (token)
        CloseHandle(token);
    if (deny.Sid)
        FreeSid(deny.Sid);
    return rc;
}

int runprocf(runproc_t *r, const char *const *env, const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return runproc(cmd, env, r);
}

int runproc_said(const runproc_t *r, const char *s)
{
    return strstr(r->out, s) != NULL || strstr(r->err, s) != NULL;
}
