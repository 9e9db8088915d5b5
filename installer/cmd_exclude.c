/* exclude and include: one more image name in the Exclude or Include
 * setting. Both settings match the image's file name, in any folder and any
 * case, so a path given here stands for every program of that name. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "config.h"
#include "exitcode.h"
#include "out.h"

#define CMD_EXCLUDE_NAMES (SETTINGS_VALUE_MAX / 4) /* a name and its NUL take 4 bytes at least */

/* The file name of a path: what the settings compare with an image's name. */
static const char *cmd_exclude__image(const char *path)
{
    const char *name = path, *p;

    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            name = p + 1;
    return name;
}

/* The names of a REG_MULTI_SZ as UTF-8 words in pool, one argv entry each. */
static int cmd_exclude__words(const settings_raw_t *v, char *argv[], char *pool, size_t n)
{
    const WCHAR *e = (const WCHAR *)v->data, *end = e + v->size / sizeof(WCHAR);
    int argc = 0;

    while (e < end && *e && argc < CMD_EXCLUDE_NAMES - 1 && n > 1) {
        size_t len;

        out_utf8(e, pool, n);
        len = strlen(pool) + 1;
        argv[argc++] = pool;
        pool += len;
        n -= len;
        e += wcsnlen(e, (size_t)(end - e)) + 1;
    }
    return argc;
}

/* The value of id: 0 when siotrace uses it (absent is empty), 1 when it
 * ignores it (why), -1 when it cannot be read (err). */
static int cmd_exclude__read(settings_id_t id, settings_raw_t *v, char *why, size_t n, LONG *err)
{
    int rc = config_read(id, v, err);

    if (rc == 1)
        v->size = 0;
    return rc < 0 ? -1 : rc == 0 && config_validate(id, v, why, n) ? 1 : 0;
}

/* What the value holds now, when siotrace uses it: 0, or an exit code with
 * the message printed. */
static int cmd_exclude__current(settings_id_t id, const char *command, settings_raw_t *v)
{
    const char *name = settings_rows[id].name;
    char why[256];
    LONG err;
    int rc = cmd_exclude__read(id, v, why, sizeof why, &err);

    if (rc < 0)
        out_win32_error((DWORD)err, "%s: reading %s; nothing was changed", command, name);
    else if (rc > 0)
        out_error("%s: %s holds a value siotrace ignores (%s); set it with `lspctl config set "
                  "%s` or clear it with `lspctl config unset %s`. Nothing was changed",
                  command, name, why, name, name);
    return rc ? EXIT_SYSTEM : EXIT_DONE;
}

static int cmd_exclude__listed(settings_id_t id, const char *image)
{
    char *argv[CMD_EXCLUDE_NAMES], pool[SETTINGS_VALUE_MAX * 2], why[256];
    settings_raw_t v;
    LONG err;
    int argc, i;

    if (cmd_exclude__read(id, &v, why, sizeof why, &err))
        return 0;
    argc = cmd_exclude__words(&v, argv, pool, sizeof pool);
    for (i = 0; i < argc; i++)
        if (_stricmp(argv[i], image) == 0)
            return 1;
    return 0;
}

static void cmd_exclude__said(const char *command, settings_id_t id, const settings_raw_t *v,
                              const char *image, int was_empty)
{
    char list[1024];

    config_format(v, list, sizeof list);
    printf("%s: %s = %s\n", command, settings_rows[id].name, list);
    if (strcmp(command, "exclude") == 0) {
        printf("No program whose image is named %s (in any folder, any case) is traced.\n", image);
        return;
    }
    printf("Programs whose image is named %s (in any folder, any case) are traced.\n", image);
    if (was_empty)
        printf("note: Include was empty; now only the images it names are traced, every other "
               "program is not\n");
    if (cmd_exclude__listed(SETTINGS_EXCLUDE, image))
        printf("note: %s is also in Exclude, which wins: it stays untraced (`lspctl config set "
               "Exclude` changes that list)\n",
               image);
}

static int cmd_exclude__add(cli_t *c, const char *command, settings_id_t id)
{
    const char *name = settings_rows[id].name;
    char *argv[CMD_EXCLUDE_NAMES], pool[SETTINGS_VALUE_MAX * 2], why[256], image[MAX_PATH * 3];
    settings_raw_t old, v;
    LONG err;
    int argc, rc;

    if (c->argc == 1)
        snprintf(image, sizeof image, "%s", cmd_exclude__image(c->argv[0]));
    if (c->argc != 1 || !image[0]) {
        out_error("%s: give the program's path or image name, e.g. %s C:\\Tools\\curl.exe", command,
                  command);
        return EXIT_USAGE;
    }
    if ((rc = cli_require_admin(command)) != EXIT_DONE ||
        (rc = cmd_exclude__current(id, command, &old)) != EXIT_DONE)
        return rc;
    argc = cmd_exclude__words(&old, argv, pool, sizeof pool);
    argv[argc++] = image;
    if (config_parse(id, argc, argv, &v, why, sizeof why)) {
        out_error("%s: %s: expected %s; nothing was changed", command, image, why);
        return EXIT_USAGE;
    }
    if (v.size == old.size && memcmp(v.data, old.data, v.size) == 0) {
        printf("%s: %s is already in %s; nothing was changed\n", command, image, name);
        return EXIT_DONE;
    }
    if (config_write(id, &v, &err)) {
        out_win32_error((DWORD)err, "%s: writing %s; nothing was changed", command, name);
        return EXIT_SYSTEM;
    }
    cmd_exclude__said(command, id, &v, image, argc == 1);
    return EXIT_DONE;
}

int cmd_exclude(cli_t *c)
{
    return cmd_exclude__add(c, "exclude", SETTINGS_EXCLUDE);
}

int cmd_include(cli_t *c)
{
    return cmd_exclude__add(c, "include", SETTINGS_INCLUDE);
}
