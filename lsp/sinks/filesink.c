#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "filesink.h"
#include "outdir.h"

#define FILESINK__RETRY_MS 5000

void filesink_init(filesink_t *fs, HANDLE dir, const wchar_t *stem, const wchar_t *ext,
                   unsigned *seq, uint64_t cap)
{
    size_t n = wcslen(stem);
    memset(fs, 0, offsetof(filesink_t, buf));
    fs->file = INVALID_HANDLE_VALUE;
    fs->cap = cap;
    fs->ext = ext;
    fs->seq = seq;
    if (n == 0 || n + 1 > FILESINK_NAME_MAX)
        return;
    /* Kept without a directory too: a report of lost lines names the file. */
    memcpy(fs->stem, stem, (n + 1) * sizeof *stem);
    fs->dir = dir;
}

/* Names tried one by one before skipping (a name created in advance). */
#define FILESINK__STEPS 8

static bool filesink__name(filesink_t *fs, unsigned n)
{
    int k = _snwprintf(fs->name, FILESINK_NAME_MAX, L"%ls.%u.%ls", fs->stem, n, fs->ext);
    return k > 0 && k < FILESINK_NAME_MAX;
}

static bool filesink__taken(filesink_t *fs, unsigned n)
{
    return !filesink__name(fs, n) || outdir_taken(fs->dir, fs->name);
}

/* The lowest free n past `taken`, found in few look-ups: doubling steps to a
 * free name, then a binary search back. A process's names are taken in
 * order (each load of siotrace starts again at 1 and comes here), so the
 * free ones follow the taken ones; 0 when the look-ups run out. */
static unsigned filesink__skip(filesink_t *fs, unsigned taken, unsigned *tries)
{
    unsigned step = 1, hi;
    for (;;) {
        if (*tries >= FILESINK_NAME_TRIES || step > UINT_MAX - taken)
            return 0;
        hi = taken + step;
        (*tries)++;
        if (!filesink__taken(fs, hi))
            break;
        taken = hi;
        step *= 2;
    }
    while (hi - taken > 1 && *tries < FILESINK_NAME_TRIES) {
        unsigned mid = taken + (hi - taken) / 2;
        (*tries)++;
        if (filesink__taken(fs, mid))
            taken = mid;
        else
            hi = mid;
    }
    return hi;
}

/* The first free name from *seq on, created. */
static HANDLE filesink__create(filesink_t *fs)
{
    HANDLE h = INVALID_HANDLE_VALUE;
    unsigned n = *fs->seq, tries = 0;
    while (n && tries < FILESINK_NAME_TRIES && filesink__name(fs, n)) {
        tries++;
        outdir_create_status_t st = outdir_create(fs->dir, fs->name, &h);
        if (st == OUTDIR_CREATED) {
            *fs->seq = n;
            return h;
        }
        if (st == OUTDIR_FAILED) {
            fs->retry_tick = GetTickCount() + FILESINK__RETRY_MS;
            fs->name[0] = L'\0';
            return INVALID_HANDLE_VALUE;
        }
        n = tries < FILESINK__STEPS ? n + 1 : filesink__skip(fs, n, &tries);
    }
    fs->refused = true;
    fs->name[0] = L'\0';
    return INVALID_HANDLE_VALUE;
}

static bool filesink__open(filesink_t *fs)
{
    if (fs->file != INVALID_HANDLE_VALUE)
        return true;
    if (fs->refused || !fs->dir)
        return false;
    if (fs->retry_tick && (LONG)(GetTickCount() - fs->retry_tick) < 0)
        return false;
    fs->file = filesink__create(fs);
    fs->size = 0;
    return fs->file != INVALID_HANDLE_VALUE;
}

size_t filesink_flush(filesink_t *fs)
{
    size_t lines = fs->lines;
    if (fs->len == 0)
        return 0;
    if (!filesink__open(fs)) {
        fs->len = 0;
        fs->lines = 0;
        return lines;
    }
    /* One WriteFile of whole lines (the buffer is at most FILESINK_BUF).
     * `writing` stays set until the buffer is empty again, so that
     * filesink_recover can tell how much of it reached the file. */
    DWORD done = 0;
    fs->size_before = fs->size;
    fs->writing = true;
    BOOL ok = WriteFile(fs->file, fs->buf, (DWORD)fs->len, &done, NULL) && done == fs->len;
    fs->size += done;
    fs->len = 0;
    fs->lines = 0;
    fs->writing = false;
    return ok ? 0 : lines;
}

static filesink_status_t filesink__queue(filesink_t *fs, const char *line, size_t n, bool force)
{
    if (n + 1 > FILESINK_LINE_MAX)
        return FILESINK_LOST;
    if (!force && fs->size + fs->len + n + 1 > fs->cap)
        return FILESINK_FULL;
    if (fs->len + n + 1 > FILESINK_BUF)
        return FILESINK_NOROOM;
    memcpy(fs->buf + fs->len, line, n);
    fs->buf[fs->len + n] = '\n';
    fs->lines = fs->lines + 1;
    fs->len = fs->len + n + 1;
    return FILESINK_OK;
}

filesink_status_t filesink_line(filesink_t *fs, const char *line, size_t n)
{
    return filesink__queue(fs, line, n, false);
}

filesink_status_t filesink_final_line(filesink_t *fs, const char *line, size_t n)
{
    return filesink__queue(fs, line, n, true);
}

void filesink_recover(filesink_t *fs)
{
    LARGE_INTEGER now;
    if (!fs->writing)
        return;
    fs->writing = false;
    if (fs->file == INVALID_HANDLE_VALUE || !GetFileSizeEx(fs->file, &now) ||
        (uint64_t)now.QuadPart < fs->size_before)
        return;
    uint64_t done = (uint64_t)now.QuadPart - fs->size_before;
    if (done >= fs->len) {
        fs->len = 0;
        fs->lines = 0;
    } else if (done > 0) {
        memmove(fs->buf, fs->buf + done, fs->len - (size_t)done);
        fs->len = fs->len - (size_t)done;
    }
    fs->size = (uint64_t)now.QuadPart;
}

void filesink_close(filesink_t *fs)
{
    filesink_flush(fs);
    if (fs->file != INVALID_HANDLE_VALUE)
        CloseHandle(fs->file);
    fs->file = INVALID_HANDLE_VALUE;
}
