#include "aclstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACLSTORE_LINE_MAX (MAX_PATH * 3 + ACLSTORE_SDDL_MAX * 3 + 2)

static int aclstore__file(WCHAR *out)
{
    DWORD n = GetEnvironmentVariableW(L"SIOT_ACL_FILE", out, MAX_PATH);

    return n > 0 && n < MAX_PATH;
}

int aclstore_active(void)
{
    WCHAR file[MAX_PATH];

    return aclstore__file(file);
}

/* Splits a line into its path and SDDL (both wide): 0, or -1 when it is not one. */
static int aclstore__split(char *line, WCHAR *path, WCHAR *sddl)
{
    char *tab = strchr(line, '\t');

    line[strcspn(line, "\r\n")] = 0;
    if (!tab)
        return -1;
    *tab = 0;
    return MultiByteToWideChar(CP_UTF8, 0, line, -1, path, MAX_PATH) &&
                   MultiByteToWideChar(CP_UTF8, 0, tab + 1, -1, sddl, ACLSTORE_SDDL_MAX)
               ? 0
               : -1;
}

int aclstore_get(const WCHAR *path, WCHAR *sddl)
{
    WCHAR file[MAX_PATH], p[MAX_PATH];
    char line[ACLSTORE_LINE_MAX];
    int found = 0;
    FILE *f;

    if (!aclstore__file(file) || !(f = _wfopen(file, L"rb")))
        return 0;
    while (!found && fgets(line, sizeof line, f))
        found = aclstore__split(line, p, sddl) == 0 && _wcsicmp(p, path) == 0;
    fclose(f);
    return found;
}

/* The store's lines but path's, appended to out (size n). */
static int aclstore__others(const WCHAR *file, const WCHAR *path, char *out, size_t n)
{
    char line[ACLSTORE_LINE_MAX], copy[ACLSTORE_LINE_MAX];
    WCHAR p[MAX_PATH], sddl[ACLSTORE_SDDL_MAX];
    FILE *f = _wfopen(file, L"rb");

    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        snprintf(copy, sizeof copy, "%s", line);
        if (aclstore__split(copy, p, sddl) == 0 && _wcsicmp(p, path) == 0)
            continue;
        if (strlen(out) + strlen(line) >= n) {
            fclose(f);
            return -1;
        }
        strcat(out, line);
    }
    fclose(f);
    return 0;
}

/* "path\tsddl\n" in UTF-8 into out (size n): 0, or -1 when it does not fit. */
static int aclstore__line(const WCHAR *path, const WCHAR *sddl, char *out, size_t n)
{
    int a = WideCharToMultiByte(CP_UTF8, 0, path, -1, out, (int)n, NULL, NULL), b;

    if (a == 0 || (size_t)a + 1 >= n)
        return -1;
    out[a - 1] = '\t';
    b = WideCharToMultiByte(CP_UTF8, 0, sddl, -1, out + a, (int)(n - (size_t)a), NULL, NULL);
    if (b == 0 || (size_t)(a + b) >= n)
        return -1;
    strcpy(out + a + b - 1, "\n");
    return 0;
}

int aclstore_put(const WCHAR *path, const WCHAR *sddl)
{
    WCHAR file[MAX_PATH];
    size_t n = 64 * ACLSTORE_LINE_MAX, len;
    char *all = calloc(1, n);
    FILE *f;
    int rc = -1;

    if (!all || !aclstore__file(file) || aclstore__others(file, path, all, n))
        goto done;
    len = strlen(all);
    if (sddl && aclstore__line(path, sddl, all + len, n - len))
        goto done;
    if ((f = _wfopen(file, L"wb")) != NULL) {
        rc = fwrite(all, 1, strlen(all), f) == strlen(all) ? 0 : -1;
        rc |= fclose(f) ? -1 : 0;
    }
done:
    free(all);
    return rc;
}
