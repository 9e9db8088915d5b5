/* lspctl: shows, installs, removes and repairs siotrace in the Winsock
 * catalogs, and sets its configuration. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "backend.h"
#include "cli.h"
#include "exitcode.h"
#include "out.h"

static const char lspctl_usage[] =
    "usage: lspctl [--catalog-file PATH] COMMAND [ARGS...]\n"
    "\n"
    "  show [--json]        the catalogs as `netsh winsock show catalog` shows them, then a\n"
    "                       map of their LSPs (layered entries, chains, what each sits over)\n"
    "  install [--protocols LIST] [--force] [--dry-run] [--dll64 PATH] [--dll32 PATH]\n"
    "          [--legacy]   put siotrace over TCP, UDP and RAW on IPv4 and IPv6 (LIST:\n"
    "                       tcp4,udp4,raw4,tcp6,udp6,raw6, tcp, udp, raw, ip4, ip6, all),\n"
    "                       first in the order, LSP category LSP_INSPECTOR, in every catalog;\n"
    "                       create the log directory. --dry-run prints the plan; --force\n"
    "                       reinstalls; --legacy uses WSCInstallProvider calls even where\n"
    "                       WSCInstallProviderAndChains exists. DLLs (checked first):\n"
    "                       %SystemRoot%\\system32\\siotrace.dll in both catalogs, which a\n"
    "                       32-bit process finds in %SystemRoot%\\SysWOW64\n"
    "  uninstall [--dry-run] [--purge]\n"
    "                       remove every entry siotrace installed, and nothing else;\n"
    "                       --purge: its Event Log source, configuration and logs too\n"
    "  repair [--dry-run]   remove broken chains (their layered entry is gone) and a\n"
    "                       partly installed siotrace; create a missing log directory,\n"
    "                       reset its owner and access control where they differ\n"
    "  status               installed or not, in which catalogs, DLLs, configuration, logs\n"
    "  config get [KEY] | config set KEY VALUE... | config unset KEY\n"
    "                       siotrace's settings in HKLM\\SOFTWARE\\siotrace: Enabled (0|1),\n"
    "                       Audit (0|1), LogDirectory, Formats (json|text|json,text),\n"
    "                       Include and Exclude (image names), MaxFileBytes (>= 4096; K, M, G)\n"
    "  exclude PATH         add PATH's image name to Exclude: no program of that name\n"
    "                       (in any folder, any case) is traced\n"
    "  include PATH         add it to Include: once Include is set, only the programs it\n"
    "                       names are traced\n"
    "  bypass PATH          keep the program at PATH free of every non-system LSP,\n"
    "                       siotrace included (it permits only LSP_SYSTEM)\n"
    "  unbypass PATH        let it load every LSP again\n"
    "\n"
    "Exit codes:\n"
    "  0  success (status: installed in every catalog)\n"
    "  1  status: not installed\n"
    "  2  bad command line or value\n"
    "  3  not an elevated administrator\n"
    "  4  a siotrace DLL is missing, for the wrong machine, or exports no WSPStartup\n"
    "  5  the catalogs' state does not allow it (another LSP layered over siotrace, siotrace\n"
    "     partly installed, no entry for a protocol); nothing changed. status: partly\n"
    "     installed, or bypassed by entries ahead of it in the order\n"
    "  6  a catalog call failed; what this run had changed was undone (message says how)\n"
    "  7  a catalog call failed and undoing failed too; the message says what is left\n"
    "  8  a catalog function this needs is missing from ws2_32.dll, or (install) Windows is\n"
    "     older than 8 or not x64 (x86 for the x86 lspctl); nothing changed\n"
    "  9  registry or file system error (configuration, log directory)\n"
    "\n";

typedef struct lspctl_command_t {
    const char *name;
    int (*run)(cli_t *c);
    int needs_catalog;
} lspctl_command_t;

static const lspctl_command_t lspctl_commands[] = {
    {"show", cmd_show, 1},         {"install", cmd_install, 1}, {"uninstall", cmd_uninstall, 1},
    {"repair", cmd_repair, 1},     {"status", cmd_status, 1},   {"config", cmd_config, 0},
    {"exclude", cmd_exclude, 0},   {"include", cmd_include, 0}, {"bypass", cmd_bypass, 1},
    {"unbypass", cmd_unbypass, 1},
};

/* The console's code page outlives the process: put the caller's back. */
static UINT lspctl_console_cp;

static void lspctl_restore_console(void)
{
    if (lspctl_console_cp)
        SetConsoleOutputCP(lspctl_console_cp);
}

static char **lspctl_utf8_args(int argc, wchar_t **wargv)
{
    char **argv = calloc((size_t)argc + 1, sizeof *argv);

    for (int i = 0; argv && i < argc; i++) {
        size_t n = wcslen(wargv[i]) * 3 + 1; /* a UTF-16 unit is at most 3 bytes of UTF-8 */

        if (!(argv[i] = malloc(n)))
            return NULL;
        out_utf8(wargv[i], argv[i], n);
    }
    return argv;
}

/* The command at argv[i], with its arguments, on the catalogs it needs. */
static int lspctl_run(int argc, char **argv, int i, const char *catalog_file)
{
    cli_t c = {.argc = argc - i - 1, .argv = argv + i + 1};
    char why[512];
    size_t k;
    int rc;

    for (k = 0; strcmp(argv[i], lspctl_commands[k].name) != 0;)
        if (++k == sizeof lspctl_commands / sizeof lspctl_commands[0]) {
            out_error("unknown command %s (lspctl --help lists them)", argv[i]);
            return EXIT_USAGE;
        }
    if (lspctl_commands[k].needs_catalog &&
        !(c.cat = backend_open(catalog_file, why, sizeof why, &rc))) {
        out_error("%s", why);
        return rc;
    }
    rc = lspctl_commands[k].run(&c);
    catalog_close(c.cat);
    fflush(stdout);
    return rc;
}

int wmain(int argc, wchar_t **wargv)
{
    char **argv = lspctl_utf8_args(argc, wargv);
    const char *catalog_file = NULL;
    int i = 1;

    lspctl_console_cp = GetConsoleOutputCP();
    if (lspctl_console_cp && SetConsoleOutputCP(CP_UTF8))
        atexit(lspctl_restore_console);
    if (!argv) {
        out_error("out of memory");
        return EXIT_SYSTEM;
    }
    if (i < argc && strcmp(argv[i], "--catalog-file") == 0) {
        if (i + 1 >= argc) {
            out_error("--catalog-file needs a path");
            return EXIT_USAGE;
        }
        catalog_file = argv[i + 1];
        i += 2;
    }
    if (i >= argc || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 ||
        strcmp(argv[i], "help") == 0) {
        FILE *f = i >= argc ? stderr : stdout;

        fprintf(f, "%s%s", lspctl_usage, backend_help);
        return i >= argc ? EXIT_USAGE : EXIT_DONE;
    }
    return lspctl_run(argc, argv, i, catalog_file);
}
