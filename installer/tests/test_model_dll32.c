/* install --dll32 with %ProgramFiles% in the path: the x64 lspctl checks the
 * file a 32-bit process loads, in %ProgramFiles(x86)%, names that file when
 * it is missing and changes nothing, and installs the path as given once the
 * file is there. argv: lspctl-model.exe, x64 fixture DLL, x86 fixture DLL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model.h"
#include "siot.h"

#define TEST_DLL32 "%ProgramFiles%\\siotrace-dll32\\siotrace.dll"

static model_args_t A;
static runproc_t R;

/* <the folder of variable var>\siotrace-dll32, made fresh, into dir; file
 * gets siotrace.dll in it. Wine gives every process these folders from the
 * prefix's registry, whatever its parent's environment says. */
static void test_folder(const char *var, char *dir, char *file, size_t n)
{
    char root[MAX_PATH];
    DWORD len = GetEnvironmentVariableA(var, root, MAX_PATH);

    check(len > 0 && len < MAX_PATH, "%s", var);
    snprintf(dir, n, "%s\\siotrace-dll32", root);
    snprintf(file, n, "%s\\siotrace.dll", dir);
    DeleteFileA(file);
    RemoveDirectoryA(dir);
    check(CreateDirectoryA(dir, NULL), "%s", dir);
}

static int test_install(void)
{
    return model_lspctl(&R, &A, NULL, "install --dll64 \"%s\" --dll32 \"%s\"", A.dll64, TEST_DLL32);
}

int main(int argc, char **argv)
{
    char dir64[MAX_PATH + 32], dir86[MAX_PATH + 32], in64[MAX_PATH + 32], in86[MAX_PATH + 32];
    char want[1024], *before;
    WCHAR path[MAX_PATH], wide[MAX_PATH];
    GUID id = siot_layered_guid;
    int len = MAX_PATH, err = 0;

    check(argc == 4);
    model_args(argc, argv, &A);
    model_init("dll32");
    test_folder("ProgramFiles", dir64, in64, sizeof in64);
    test_folder("ProgramFiles(x86)", dir86, in86, sizeof in86);
    check(strcmp(dir64, dir86) != 0);

    /* The x86 DLL where the 64-bit lspctl's own %ProgramFiles% points. */
    check(CopyFileA(A.dll32, in64, FALSE));
    before = model_bytes();
    check(test_install() == 4, "exit %lu\n%s", (unsigned long)R.exit_code, R.err);
    snprintf(want, sizeof want,
             "lspctl: install: the x86 DLL %s, which 32-bit processes load for %s: no such file",
             in86, TEST_DLL32);
    check(strstr(R.err, want) != NULL, "%s", R.err);
    check(strstr(R.err, "install: nothing was changed") != NULL);
    check(model_holds(before));
    free(before);

    /* Where a 32-bit process looks. */
    check(MoveFileA(in64, in86));
    check(test_install() == 0, "exit %lu\n%s", (unsigned long)R.exit_code, R.err);
    check(catmodel_WSCGetProviderPath32(&id, path, &len, &err) == 0);
    MultiByteToWideChar(CP_UTF8, 0, TEST_DLL32, -1, wide, MAX_PATH);
    check(wcscmp(path, wide) == 0);
    check(model_lspctl(&R, &A, NULL, "status") == 0, "%s", R.err);
    snprintf(want, sizeof want, "DLL %s (%s): x86, exports WSPStartup", TEST_DLL32, in86);
    check(strstr(R.out, want) != NULL, "%s", R.out);
    check(model_lspctl(&R, &A, NULL, "uninstall") == 0, "%s", R.err);
    check(DeleteFileA(in86));
    check(RemoveDirectoryA(dir64) && RemoveDirectoryA(dir86));
    return check_done("test_model_dll32");
}
