/* libFuzzer: the JSON reader over arbitrary bytes, in a private copy sized
 * exactly so that a read past the input hits ASan's redzone. Whatever it
 * accepts, the validator accepts too; every node lies inside the input and
 * in document order; decoding strings stays within their slices. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jdoc.h"
#include "rec.h"
#include "recread.h"

static jdoc_t doc;
static recread_t back;
static char text[1 << 16];

static void fuzz__inside(const char *p, size_t n, const char *s, size_t size)
{
    if (p < s || p + n > s + size)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1);
    memcpy(s, data, size);
    bool ok = jdoc_parse(&doc, s, size);
    if (ok && !jdoc_valid(s, size))
        abort();
    if (!ok && doc.at > size)
        abort();
    for (int i = 0; ok && i < doc.count; i++) {
        const jnode_t *n = &doc.nodes[i];
        char buf[64];
        long long v;
        fuzz__inside(n->text, n->len, s, size);
        if (n->key)
            fuzz__inside(n->key, n->key_len, s, size);
        if (n->parent >= i || (n->next >= 0 && n->next <= i))
            abort();
        if (jdoc_node_str(n, buf, sizeof buf) >= n->len + 1 && n->type == JNODE_STR)
            abort();
        jdoc_node_int(n, &v);
    }
    const char *why;
    if (ok && recread_call(&back, &doc, &why))
        rec_text(text, sizeof text, &back.call);
    free(s);
    return 0;
}
