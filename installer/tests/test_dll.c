/* lspctl's DLL inspection: present, a PE image, the right machine, a DLL,
 * WSPStartup exported by its plain name. argv: the fixtures built beside this
 * test (x64 with WSPStartup, x64 without it, x86 with it, x86 decorated). */
#include <string.h>

#include "check.h"
#include "dll.h"

static WCHAR test_path[MAX_PATH];

static const WCHAR *test_wide(const char *s)
{
    MultiByteToWideChar(CP_UTF8, 0, s, -1, test_path, MAX_PATH);
    return test_path;
}

static dll_result_t test_check(const char *file, WORD machine, char *why)
{
    strcpy(why, "untouched");
    return dll_check(test_wide(file), machine, why, 256);
}

static void test_write(const char *file, const void *bytes, size_t n)
{
    FILE *f = fopen(file, "wb");

    check(f != NULL);
    check(fwrite(bytes, 1, n, f) == n);
    fclose(f);
}

int main(int argc, char **argv)
{
    char why[256];
    static unsigned char junk[4096];

    check(argc == 6);
    check(test_check(argv[1], IMAGE_FILE_MACHINE_AMD64, why) == DLL_OK);
    check(test_check(argv[3], IMAGE_FILE_MACHINE_I386, why) == DLL_OK);

    check(test_check(argv[1], IMAGE_FILE_MACHINE_I386, why) == DLL_WRONG_MACHINE);
    check(strcmp(why, "built for x64 (machine 0x8664), not x86 (0x014c)") == 0);
    check(test_check(argv[3], IMAGE_FILE_MACHINE_AMD64, why) == DLL_WRONG_MACHINE);
    check(strcmp(why, "built for x86 (machine 0x014c), not x64 (0x8664)") == 0);

    check(test_check(argv[2], IMAGE_FILE_MACHINE_AMD64, why) == DLL_NO_EXPORT);
    check(strcmp(why, "exports no function named WSPStartup") == 0);
    check(test_check(argv[4], IMAGE_FILE_MACHINE_I386, why) == DLL_NO_EXPORT);
    check(strstr(why, "only the decorated WSPStartup@76") != NULL);

    /* argv[5]: an executable. */
    check(test_check(argv[5], IMAGE_FILE_MACHINE_AMD64, why) == DLL_NOT_DLL);
    check(strcmp(why, "an executable, not a DLL") == 0);

    check(test_check("no-such-siotrace.dll", IMAGE_FILE_MACHINE_AMD64, why) == DLL_MISSING);
    check(strcmp(why, "no such file") == 0);

    memset(junk, 'x', sizeof junk);
    test_write("junk.dll", junk, sizeof junk);
    check(test_check("junk.dll", IMAGE_FILE_MACHINE_AMD64, why) == DLL_NOT_PE);
    /* An MZ header pointing past the end of the file. */
    junk[0] = 'M';
    junk[1] = 'Z';
    junk[0x3c] = 0xf0;
    junk[0x3d] = 0xff;
    junk[0x3e] = 0;
    junk[0x3f] = 0;
    test_write("junk.dll", junk, sizeof junk);
    check(test_check("junk.dll", IMAGE_FILE_MACHINE_AMD64, why) == DLL_NOT_PE);
    /* A PE header cut short. */
    junk[0x3c] = 0xfc;
    junk[0x3d] = 0x0f;
    memcpy(junk + 0xffc, "PE\0\0", 4);
    test_write("junk.dll", junk, sizeof junk);
    check(test_check("junk.dll", IMAGE_FILE_MACHINE_AMD64, why) == DLL_NOT_PE);
    check(strcmp(why, "its PE header is cut short") == 0);
    DeleteFileA("junk.dll");
    return 0;
}
