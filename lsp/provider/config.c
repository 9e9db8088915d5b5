#include <windows.h>

#include <string.h>

#include "config.h"
#include "regval.h"
#include "settings_sys.h"

/* The value siotrace uses for one setting: the registry's when the rules
 * accept it, else the default. */
static void config__value(config_t *c, HKEY key, settings_id_t id, const settings_sys_t *sys,
                          settings_value_t *v)
{
    settings_raw_t raw;
    if (key && regval_read(key, settings_rows[id].name, &raw)) {
        c->ignored[id] = settings_judge(id, &raw, sys, v);
        if (c->ignored[id] == SETTINGS_OK)
            return;
    }
    if (settings_default(id, sys, v) != SETTINGS_OK)
        memset(v, 0, sizeof *v);
}

void config_load(config_t *c, const wchar_t *image)
{
    settings_sys_t sys;
    settings_value_t v;
    memset(c, 0, sizeof *c);
    settings_sys_load(&sys);
    HKEY key = regval_open(CONFIG_KEY);

    config__value(c, key, SETTINGS_ENABLED, &sys, &v);
    c->traced = v.number != 0;
    config__value(c, key, SETTINGS_AUDIT, &sys, &v);
    c->audit = v.number != 0;
    config__value(c, key, SETTINGS_LOG_DIRECTORY, &sys, &v);
    memcpy(c->log_dir, v.path, sizeof c->log_dir);
    config__value(c, key, SETTINGS_FORMATS, &sys, &v);
    c->json = v.formats & SETTINGS_JSON;
    c->text = v.formats & SETTINGS_TEXT;
    config__value(c, key, SETTINGS_MAX_FILE_BYTES, &sys, &v);
    c->max_file_bytes = v.number;
    config__value(c, key, SETTINGS_INCLUDE, &sys, &v);
    if (v.names[0] && !settings_names_match(v.names, image))
        c->traced = false;
    config__value(c, key, SETTINGS_EXCLUDE, &sys, &v);
    if (settings_names_match(v.names, image))
        c->traced = false;
    if (key)
        RegCloseKey(key);
}
