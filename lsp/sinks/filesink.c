#include <string.h>

#include "filesink.h"

#define FILESINK__RETRY_MS 5000

void filesink_init(filesink_t *fs, const wchar_t *dir, const wchar_t *name, uint64_t cap)
{
    size_t d = wcslen(dir), n = wcslen(name);
    bool slash = d > 0 && (dir[d - 1] == L'\\' || dir[d - 1] == L'/');
    memset(fs, 0, offsetof(filesink_t, buf));
    fs->file = INVALID_HANDLE_VALUE;
    fs->cap = cap;
    if (d == 0 || n == 0 || d + 1 + n + 1 > FILESINK_PATH_MAX)
        return;
    memcpy(fs->path, dir, d * sizeof *dir);
    if (!slash)
        fs->path[d++] = L'\\';
    memcpy(fs->path + d, name, (n + 1) * sizeof *name);
}

/* Creates dir and its missing parents (the path up to the last separator). */
static void filesink__make_dirs(const wchar_t *file)
{
    wchar_t p[FILESINK_PATH_MAX];
    size_t n = wcslen(file);
    memcpy(p, file, (n + 1) * sizeof *p);
    for (size_t i = 3; i < n; i++) {
        if (p[i] != L'\\' && p[i] != L'/')
            continue;
        wchar_t c = p[i];
        p[i] = L'\0';
        CreateDirectoryW(p, NULL);
        p[i] = c;
    }
}

static HANDLE filesink__create(const wchar_t *path)
{
    return CreateFileW(path, FILE_APPEND_DATA | FILE_READ_ATTRIBUTES,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
}

static bool filesink__open(filesink_t *fs)
{
    if (fs->file != INVALID_HANDLE_VALUE)
        return true;
    if (fs->refused || fs->path[0] == L'\0')
        return false;
    if (fs->retry_tick && (LONG)(GetTickCount() - fs->retry_tick) < 0)
        return false;
    HANDLE h = filesink__create(fs->path);
    if (h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND) {
        filesink__make_dirs(fs->path);
        h = filesink__create(fs->path);
    }
    if (h == INVALID_HANDLE_VALUE) {
        fs->retry_tick = GetTickCount() + FILESINK__RETRY_MS;
        return false;
    }
    BY_HANDLE_FILE_INFORMATION info;
    if (!GetFileInformationByHandle(h, &info) ||
        (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) || info.nNumberOfLinks > 1) {
        CloseHandle(h);
        fs->refused = true;
        return false;
    }
    fs->size = ((uint64_t)info.nFileSizeHigh << 32) | info.nFileSizeLow;
    fs->file = h;
    return true;
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
