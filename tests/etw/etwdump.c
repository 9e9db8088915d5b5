/* etwdump: prints the events of a session file (see etwrec.h), one JSON
 * object per line, decoded from their own metadata.
 * usage: etwdump FILE
 * Exit status: 0; 1 when the file cannot be read or holds a damaged record. */
#include <stdio.h>
#include <stdlib.h>

#include "etwdec.h"
#include "etwrec.h"

static char etwdump__line[1 << 20];

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: etwdump FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            unsigned char *more = realloc(buf, cap * 2);
            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "etwdump: out of memory reading %s\n", argv[1]);
        return 1;
    }
    int status = 0;
    for (size_t at = 0; at < n;) {
        etwrec_t r;
        size_t size = etwrec_get(buf + at, n - at, &r);
        if (size == 0) {
            fprintf(stderr, "etwdump: %s: damaged record at offset %zu\n", argv[1], at);
            status = 1;
            break;
        }
        etwdec_json(etwdump__line, sizeof etwdump__line, &r);
        puts(etwdump__line);
        at += size;
    }
    free(buf);
    return status;
}
