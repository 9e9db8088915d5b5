/* lspctl's DLL inspection: the file each catalog's path names, as a process
 * of that catalog's bitness expands and redirects it; present, a PE image,
 * the right machine, a DLL, WSPStartup exported by its plain name. argv: the
 * fixtures built beside this test (x64 with WSPStartup, x64 without it, x86
 * with it, x86 decorated). */
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

/* The folders of a 64-bit Windows, each told apart from the others, and
 * the environment of a 64-bit process (no PROCESSOR_ARCHITEW6432). */
static void test_environment(void)
{
    static const WCHAR *const vars[][2] = {
        {L"ProgramFiles", L"C:\\PF64"},
        {L"ProgramFiles(x86)", L"C:\\PF86"},
        {L"ProgramW6432", L"C:\\PF64"},
        {L"CommonProgramFiles", L"C:\\PF64\\Common"},
        {L"CommonProgramFiles(x86)", L"C:\\PF86\\Common"},
        {L"CommonProgramW6432", L"C:\\PF64\\Common"},
        {L"PROCESSOR_ARCHITECTURE", L"AMD64"},
        {L"PROCESSOR_ARCHITEW6432", NULL},
    };
    size_t k;

    for (k = 0; k < sizeof vars / sizeof vars[0]; k++)
        check(SetEnvironmentVariableW(vars[k][0], vars[k][1]));
}

/* What a process of each catalog's bitness loads for a registered path: in
 * the 32-bit one, the variables WOW64 gives a 32-bit process values of its
 * own, in any case and wherever they are in the path, and System32 seen as
 * SysWOW64. */
static const struct test_file_t {
    catalog_which_t w;
    const WCHAR *registered, *want;
} test_files[] = {
    {CATALOG_32, L"%ProgramFiles%\\siotrace\\siotrace.dll", L"C:\\PF86\\siotrace\\siotrace.dll"},
    {CATALOG_32, L"%PROGRAMFILES%\\siotrace.dll", L"C:\\PF86\\siotrace.dll"},
    {CATALOG_32, L"%programfiles%\\siotrace.dll", L"C:\\PF86\\siotrace.dll"},
    {CATALOG_32, L"\\\\?\\%ProgramFiles%x\\y.dll", L"\\\\?\\C:\\PF86x\\y.dll"},
    {CATALOG_32, L"%ProgramFiles%%ProgramFiles%", L"C:\\PF86C:\\PF86"},
    {CATALOG_32, L"%CommonProgramFiles%\\siotrace\\siotrace.dll",
     L"C:\\PF86\\Common\\siotrace\\siotrace.dll"},
    {CATALOG_32, L"%commonPROGRAMfiles%\\s.dll", L"C:\\PF86\\Common\\s.dll"},
    {CATALOG_32, L"D:\\%CommonProgramFiles%.dll", L"D:\\C:\\PF86\\Common.dll"},
    {CATALOG_32, L"C:\\%PROCESSOR_ARCHITECTURE%\\s.dll", L"C:\\x86\\s.dll"},
    {CATALOG_32, L"C:\\%processor_architecture%.dll", L"C:\\x86.dll"},
    {CATALOG_32, L"C:\\%PROCESSOR_ARCHITEW6432%\\s.dll", L"C:\\AMD64\\s.dll"},
    {CATALOG_32, L"C:\\a%Processor_ArchiteW6432%b.dll", L"C:\\aAMD64b.dll"},
    /* The variables WOW64 leaves as they are. */
    {CATALOG_32, L"%ProgramW6432%\\siotrace.dll", L"C:\\PF64\\siotrace.dll"},
    {CATALOG_32, L"%CommonProgramW6432%\\s.dll", L"C:\\PF64\\Common\\s.dll"},
    {CATALOG_32, L"%ProgramFiles(x86)%\\s.dll", L"C:\\PF86\\s.dll"},
    {CATALOG_32, L"%CommonProgramFiles(x86)%\\s.dll", L"C:\\PF86\\Common\\s.dll"},
    {CATALOG_32, L"C:\\Tools\\siotrace.dll", L"C:\\Tools\\siotrace.dll"},
    /* Cut as the expansion cuts: an unknown name is kept with both '%', and
     * its closing '%' opens nothing; a '%' never closed is text. */
    {CATALOG_32, L"C:\\%nosuch%ProgramFiles%\\s.dll", L"C:\\%nosuch%ProgramFiles%\\s.dll"},
    {CATALOG_32, L"C:\\100%ProgramFiles", L"C:\\100%ProgramFiles"},
    {CATALOG_32, L"%ProgramFilesX%\\s.dll", L"%ProgramFilesX%\\s.dll"},
    {CATALOG_32, L"%%ProgramFiles%\\s.dll", L"%%ProgramFiles%\\s.dll"},
    {CATALOG_32, L"%SystemRoot%\\system32\\siotrace.dll", L"C:\\windows\\syswow64\\siotrace.dll"},
    {CATALOG_32, L"%SystemRoot%\\System32\\drivers\\s.dll",
     L"C:\\windows\\syswow64\\drivers\\s.dll"},
    /* The folders WOW64 does not redirect, and the alias for System32 that
     * only a 32-bit process has. */
    {CATALOG_32, L"%SystemRoot%\\system32\\spool\\s.dll", L"C:\\windows\\system32\\spool\\s.dll"},
    {CATALOG_32, L"%SystemRoot%\\System32\\Drivers\\Etc\\s.dll",
     L"C:\\windows\\System32\\Drivers\\Etc\\s.dll"},
    {CATALOG_32, L"%SystemRoot%\\system32\\catroot2\\s.dll",
     L"C:\\windows\\system32\\catroot2\\s.dll"},
    {CATALOG_32, L"%SystemRoot%\\system32\\spooler\\s.dll",
     L"C:\\windows\\syswow64\\spooler\\s.dll"},
    {CATALOG_32, L"%SystemRoot%\\Sysnative\\siotrace.dll", L"C:\\windows\\system32\\siotrace.dll"},
    /* A 64-bit process: its own environment, no redirection. */
    {CATALOG_64, L"%ProgramFiles%\\siotrace\\siotrace.dll", L"C:\\PF64\\siotrace\\siotrace.dll"},
    {CATALOG_64, L"%CommonProgramFiles%\\s.dll", L"C:\\PF64\\Common\\s.dll"},
    {CATALOG_64, L"C:\\%PROCESSOR_ARCHITECTURE%.dll", L"C:\\AMD64.dll"},
    {CATALOG_64, L"C:\\%PROCESSOR_ARCHITEW6432%.dll", L"C:\\%PROCESSOR_ARCHITEW6432%.dll"},
    {CATALOG_64, L"%SystemRoot%\\system32\\siotrace.dll", L"C:\\windows\\system32\\siotrace.dll"},
    {CATALOG_64, L"%SystemRoot%\\Sysnative\\siotrace.dll", L"C:\\windows\\Sysnative\\siotrace.dll"},
};

static void test_file(void)
{
    char got[MAX_PATH * 3], want[MAX_PATH * 3], reg[MAX_PATH * 3];
    WCHAR file[MAX_PATH];
    size_t k;

    test_environment();
    for (k = 0; k < sizeof test_files / sizeof test_files[0]; k++) {
        const struct test_file_t *t = &test_files[k];

        WideCharToMultiByte(CP_UTF8, 0, t->registered, -1, reg, sizeof reg, NULL, NULL);
        WideCharToMultiByte(CP_UTF8, 0, t->want, -1, want, sizeof want, NULL, NULL);
        wcscpy(file, L"untouched");
        check(dll_file(t->w, t->registered, file, MAX_PATH) == 0, "%s", reg);
        WideCharToMultiByte(CP_UTF8, 0, file, -1, got, sizeof got, NULL, NULL);
        check(wcscmp(file, t->want) == 0, "%s catalog, %s\n  got:  %s\n  want: %s",
              t->w == CATALOG_32 ? "32-bit" : "64-bit", reg, got, want);
    }
    /* Too long once expanded. */
    check(dll_file(CATALOG_32, L"%ProgramFiles%\\siotrace.dll", file, 8) == -1);
}

int main(int argc, char **argv)
{
    char why[256];
    static unsigned char junk[4096];

    check(argc == 6);
    test_file();
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
