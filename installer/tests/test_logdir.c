/* The log directory's access control, read back from the security descriptor
 * lspctl builds (Wine does not keep a directory's access control, so the one
 * set cannot be read back here); how a directory's owner and DACL are judged,
 * from descriptors given; and its creation and check: parents, an existing
 * directory, a file in the way, a link in the way. argv[1]: a directory that
 * is a symbolic link. */
#include <aclapi.h>
#include <sddl.h>
#include <string.h>

#include "check.h"
#include "logdir.h"

/* One expected ACE: who, what, inheritance. */
typedef struct test_ace_t {
    const WCHAR *sid;
    DWORD mask;
    BYTE flags;
} test_ace_t;

static const test_ace_t test_aces[] = {
    {L"S-1-5-18", FILE_ALL_ACCESS, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE},
    {L"S-1-5-32-544", FILE_ALL_ACCESS, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE},
    {L"S-1-1-0", FILE_ADD_FILE | FILE_TRAVERSE | FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0},
    {L"S-1-15-2-1", FILE_ADD_FILE | FILE_TRAVERSE | FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0},
    {L"S-1-15-2-2", FILE_ADD_FILE | FILE_TRAVERSE | FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0},
    {L"S-1-3-0", FILE_APPEND_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE,
     OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE},
    {L"S-1-3-4", FILE_APPEND_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE,
     OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE},
};

static void test_descriptor(void)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    SECURITY_DESCRIPTOR_CONTROL control;
    DWORD revision;
    PACL dacl, sacl;
    PSID owner;
    BOOL present, defaulted;
    WCHAR *text;
    DWORD i, n = sizeof test_aces / sizeof test_aces[0];
    SYSTEM_MANDATORY_LABEL_ACE *label;

    check(ConvertStringSecurityDescriptorToSecurityDescriptorW(logdir_sddl, SDDL_REVISION_1, &sd,
                                                               NULL));
    check(GetSecurityDescriptorControl(sd, &control, &revision));
    check(control & SE_DACL_PROTECTED);
    check(GetSecurityDescriptorOwner(sd, &owner, &defaulted) && owner);
    check(ConvertSidToStringSidW(owner, &text) && wcscmp(text, L"S-1-5-32-544") == 0);
    LocalFree(text);
    check(GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted) && present && dacl);
    check(dacl->AceCount == n);
    for (i = 0; i < n; i++) {
        ACCESS_ALLOWED_ACE *ace;

        check(GetAce(dacl, i, (void **)&ace));
        check(ace->Header.AceType == ACCESS_ALLOWED_ACE_TYPE);
        check(ConvertSidToStringSidW((PSID)&ace->SidStart, &text));
        check(wcscmp(text, test_aces[i].sid) == 0);
        LocalFree(text);
        check(ace->Mask == test_aces[i].mask);
        check(ace->Header.AceFlags == test_aces[i].flags);
        /* Only SYSTEM and Administrators may list, read or delete. */
        if (i >= 2)
            check((ace->Mask & (FILE_LIST_DIRECTORY | DELETE | FILE_DELETE_CHILD | WRITE_DAC |
                                WRITE_OWNER | READ_CONTROL)) == 0);
    }
    check(GetSecurityDescriptorSacl(sd, &present, &sacl, &defaulted) && present && sacl);
    check(sacl->AceCount == 1);
    check(GetAce(sacl, 0, (void **)&label));
    check(label->Header.AceType == SYSTEM_MANDATORY_LABEL_ACE_TYPE);
    check(label->Mask == SYSTEM_MANDATORY_LABEL_NO_WRITE_UP);
    check(ConvertSidToStringSidW((PSID)&label->SidStart, &text) &&
          wcscmp(text, L"S-1-16-4096") == 0);
    LocalFree(text);
    LocalFree(sd);
}

/* logdir_sddl with its owner and DACL replaced where given. */
static int test_judge(const WCHAR *owner, const WCHAR *dacl, char *why, size_t n)
{
    WCHAR sddl[1024];
    PSECURITY_DESCRIPTOR sd = NULL;
    int faults;

    _snwprintf(sddl, 1024, L"%ls%ls", owner ? owner : L"O:BA",
               dacl ? dacl : wcsstr(logdir_sddl, L"D:"));
    check(ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL));
    faults = logdir_judge(sd, why, n);
    LocalFree(sd);
    return faults;
}

static void test_judged(void)
{
    char why[1024];
    WCHAR open[1024];

    check(test_judge(NULL, NULL, why, sizeof why) == 0 && why[0] == 0);
    check(test_judge(L"O:SY", NULL, why, sizeof why) == 0);
    check(test_judge(L"O:S-1-5-32-544", NULL, why, sizeof why) == 0);
    check(test_judge(L"O:S-1-5-21-1-2-3-1001", NULL, why, sizeof why) == LOGDIR_OWNER);
    check(strcmp(why, "owned by S-1-5-21-1-2-3-1001, not SYSTEM or Administrators") == 0, "%s",
          why);
    /* Users (S-1-5-32-545) is a well-known group, but not one that may own it. */
    check(test_judge(L"O:BU", NULL, why, sizeof why) == LOGDIR_OWNER);
    check(strcmp(why, "owned by S-1-5-32-545, not SYSTEM or Administrators") == 0, "%s", why);
    check(test_judge(NULL, L"D:AI(A;OICI;FA;;;WD)", why, sizeof why) == LOGDIR_DACL);
    check(strcmp(why, "its access control is D:AI(A;OICI;FA;;;WD)") == 0, "%s", why);
    /* The same ACEs, not protected from the parent's: another DACL. */
    check(wcsstr(logdir_sddl, L"D:PAI(") != NULL);
    _snwprintf(open, 1024, L"D:AI%ls", wcsstr(logdir_sddl, L"D:PAI(") + 5);
    check(test_judge(NULL, open, why, sizeof why) == LOGDIR_DACL);
    check(test_judge(L"O:S-1-5-21-1-2-3-1001", L"D:AI(A;OICI;FA;;;WD)", why, sizeof why) ==
          (LOGDIR_OWNER | LOGDIR_DACL));
    check(strcmp(why, "owned by S-1-5-21-1-2-3-1001, not SYSTEM or Administrators; its access "
                      "control is D:AI(A;OICI;FA;;;WD)") == 0,
          "%s", why);
}

static void test_create(const WCHAR *link)
{
    WCHAR base[MAX_PATH], dir[MAX_PATH], file[MAX_PATH];
    char why[512];
    int created = -1;
    DWORD attrs;
    HANDLE h;

    check(GetTempPathW(MAX_PATH, base) > 0);
    wcscat(base, L"siot-logdir-test");
    _snwprintf(dir, MAX_PATH, L"%ls\\a\\b\\logs", base);
    check(logdir_faults(dir, why, sizeof why) == LOGDIR_MISSING &&
          strcmp(why, "does not exist") == 0);
    check(logdir_create(dir, &created, why, sizeof why) == 0 && created == 1);
    attrs = GetFileAttributesW(dir);
    check(attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY));
    check(logdir_create(dir, &created, why, sizeof why) == 0 && created == 0);
    /* Wine keeps no ACL: what it reads back is judged, not what was set. */
    check(logdir_faults(dir, why, sizeof why) >= 0);
    check(logdir_secure(dir, &created, why, sizeof why) >= 0 && created == 0);

    _snwprintf(file, MAX_PATH, L"%ls\\a\\file", base);
    h = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    check(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    check(logdir_create(file, &created, why, sizeof why) == -1 && created == 0);
    check(strstr(why, "exists and is not a directory") != NULL);
    check(logdir_faults(file, why, sizeof why) == LOGDIR_NOT_DIR &&
          strcmp(why, "exists and is not a directory") == 0);
    check(logdir_secure(file, &created, why, sizeof why) == -1 && created == 0);

    attrs = GetFileAttributesW(link);
    check(attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_REPARSE_POINT));
    check(logdir_create(link, &created, why, sizeof why) == -1 && created == 0);
    check(strstr(why, "is a junction or link; refusing to log through it") != NULL);
    check(logdir_faults(link, why, sizeof why) == LOGDIR_REPARSE &&
          strcmp(why, "is a junction or link") == 0);
    check(logdir_secure(link, &created, why, sizeof why) == -1 && created == 0);

    DeleteFileW(file);
    RemoveDirectoryW(dir);
    _snwprintf(dir, MAX_PATH, L"%ls\\a\\b", base);
    RemoveDirectoryW(dir);
    _snwprintf(dir, MAX_PATH, L"%ls\\a", base);
    RemoveDirectoryW(dir);
    RemoveDirectoryW(base);
}

int wmain(int argc, wchar_t **argv)
{
    check(argc == 2);
    test_descriptor();
    test_judged();
    test_create(argv[1]);
    return 0;
}
