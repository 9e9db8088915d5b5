/* A small Winsock program for the configuration tests (config.sh,
 * settings_agree.py): CALLS FIONREAD calls through siotrace, each of which
 * must succeed whatever the configuration; prints <pid>.<instance>, by which
 * its log files are named (<image>.<pid>.<instance>.1.jsonl). With
 * --programdata DIR it first points its own ProgramData environment
 * variable at DIR, as a user could for a process of theirs.
 * usage: e2e_probe CALLS [--programdata DIR] */
#include <winsock2.h>

#include <string.h>

#include "e2e.h"

int main(int argc, char **argv)
{
    check(argc == 2 || (argc == 4 && strcmp(argv[2], "--programdata") == 0));
    int calls = atoi(argv[1]);
    check(calls > 0);
    if (argc == 4)
        check(SetEnvironmentVariableA("ProgramData", argv[3]));
    e2e_setup("e2e_probe");
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s != INVALID_SOCKET);
    for (int i = 0; i < calls; i++) {
        u_long n = 0xdeadbeef;
        DWORD bytes = 0;
        WSASetLastError(0xdeadbeef);
        check(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0);
        check(n == 0 && bytes == sizeof n);
    }
    check(closesocket(s) == 0);
    check(WSACleanup() == 0);
    char instance[64];
    e2e_instance(GetCurrentProcessId(), instance, sizeof instance);
    printf("%lu.%s\n", (unsigned long)GetCurrentProcessId(), instance);
    return 0;
}
