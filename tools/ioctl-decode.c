/* ioctl-decode: names, bit fields and buffers of Winsock IOCTL codes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "describe.h"
#include "emit.h"
#include "iocbits.h"
#include "ioctl.h"

#define MAX_BUF 65536

typedef struct opts {
    bool json, list;
    unsigned ptr_bytes;
    uint8_t in[MAX_BUF], out[MAX_BUF];
    size_t in_len, out_len;
    bool has_in, has_out;
} opts_t;

static const char usage[] =
    "usage: ioctl-decode [options] CODE...\n"
    "       ioctl-decode --list [--json]\n"
    "\n"
    "Decodes Winsock IOCTL codes: name, opcode bits (I, O, V, T, vendor/address\n"
    "family, code; the BSD form for T == 0), what the reference documents, and\n"
    "optionally the input and output buffers passed with the code.\n"
    "\n"
    "CODE is hex (0x98000001), decimal (2550136833) or a name (SIO_RCVALL, any case).\n"
    "\n"
    "  --in HEX     decode HEX as the input buffer of each CODE\n"
    "  --out HEX    decode HEX as the output buffer of each CODE\n"
    "               (HEX: pairs of hex digits; spaces, ':' and '-' are ignored)\n"
    "  --ptr 32|64  pointer width of the process that made the call (default 64)\n"
    "  --json       JSON Lines: one object per code (or per table row with --list)\n"
    "  --list       print the whole table of known IOCTLs\n"
    "  --help       this text\n"
    "\n"
    "Exit status: 0 on success, 2 on a usage error or an unknown name.\n";

static int fail(const char *fmt, const char *arg)
{
    fprintf(stderr, "ioctl-decode: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    return 2;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int parse_hex(const char *s, uint8_t *out, size_t *len)
{
    size_t n = 0;
    int hi = -1;
    for (; *s; s++) {
        if (*s == ' ' || *s == ':' || *s == '-' || *s == '\t')
            continue;
        int v = hexval(*s);
        if (v < 0)
            return -1;
        if (hi < 0) {
            hi = v;
            continue;
        }
        if (n == MAX_BUF)
            return -1;
        out[n++] = (uint8_t)(hi << 4 | v);
        hi = -1;
    }
    if (hi >= 0)
        return -1;
    *len = n;
    return 0;
}

static int parse_code(const char *s, uint32_t *code)
{
    const ioctl_info_t *io = ioctl_by_name(s);
    if (io) {
        *code = io->code;
        return 0;
    }
    if (*s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end || v > 0xffffffffull)
        return -1;
    *code = (uint32_t)v;
    return 0;
}

static void print_buffer(emit_t *e, const char *key, uint32_t code, bool is_out, const uint8_t *p,
                         size_t n, unsigned ptr)
{
    emit_open(e, key, '{');
    emit_uint(e, "len", n);
    describe_buffer(e, code, is_out, p, n, 0, ptr);
    emit_close(e);
}

static void print_json(uint32_t code, const opts_t *o)
{
    static char line[1 << 20];
    emit_t e;
    emit_init(&e, line, sizeof line, EMIT_JSON);
    emit_open(&e, NULL, '{');
    describe_code(&e, code, true);
    if (o->has_in || o->has_out)
        emit_uint(&e, "ptr", o->ptr_bytes * 8);
    if (o->has_in)
        print_buffer(&e, "in", code, false, o->in, o->in_len, o->ptr_bytes);
    if (o->has_out)
        print_buffer(&e, "out", code, true, o->out, o->out_len, o->ptr_bytes);
    emit_close(&e);
    puts(line);
}

static void print_text_buffer(const char *key, uint32_t code, bool is_out, const uint8_t *p,
                              size_t n, unsigned ptr)
{
    static char line[1 << 20];
    emit_t e;
    emit_init(&e, line, sizeof line, EMIT_TEXT);
    emit_open(&e, NULL, '{');
    describe_buffer(&e, code, is_out, p, n, 0, ptr);
    emit_close(&e);
    printf("  %-12s%s (%zu bytes)\n", key, line, n);
}

static void print_text(uint32_t code, const opts_t *o)
{
    const ioctl_info_t *io = ioctl_by_code(code);
    iocbits_t b = iocbits_split(code);
    char form[64], doc[32];
    iocbits_format(form, sizeof form, code);
    printf("%s 0x%08X %s\n", io ? io->name : "(unknown)", (unsigned)code, form);
    printf("  %-12sio=%s I=%d O=%d V=%d T=%u (%s) vendor=%u code=%u\n", "bits:", iocbits_io(code),
           b.in, b.out, b.void_, b.t, iocbits_t_name(b.t), b.vendor, b.number);
    if (b.t == 0)
        printf("  %-12sgroup '%c' number %u size %u\n",
               "bsd:", b.bsd_group >= 0x20 && b.bsd_group < 0x7f ? (char)b.bsd_group : '?',
               b.bsd_num, b.bsd_size);
    if (io) {
        for (const ioctl_info_t *a = ioctl_next_alias(io); a; a = ioctl_next_alias(a))
            printf("  %-12s%s\n", "also named:", a->name);
        if (io->doc_io != DOC_NONE) {
            ioctl_doc_format(doc, sizeof doc, io);
            printf("  %-12s%s (%s)\n", "documented:", doc,
                   ioctl_doc_agrees(io) ? "agrees with the bits"
                                        : "DISAGREES with the bits; the bits are shown above");
        }
        printf("  %-12s%s, since %s\n", "header:", io->header, io->since);
        printf("  %-12s%s\n", "about:", io->desc);
    }
    if (o->has_in)
        print_text_buffer("in:", code, false, o->in, o->in_len, o->ptr_bytes);
    if (o->has_out)
        print_text_buffer("out:", code, true, o->out, o->out_len, o->ptr_bytes);
}

static void print_list(const opts_t *o)
{
    char doc[32];
    if (!o->json)
        printf("%-44s %-10s %-5s %s %-11s %-11s %s\n", "NAME", "VALUE", "IO", "T", "DOCUMENTED",
               "HEADER", "SINCE");
    for (size_t i = 0; i < ioctl_count(); i++) {
        const ioctl_info_t *io = ioctl_at(i);
        if (o->json) {
            opts_t none = {.ptr_bytes = o->ptr_bytes};
            print_json(io->code, &none);
            continue;
        }
        ioctl_doc_format(doc, sizeof doc, io);
        printf("%-44s 0x%08X %-5s %u %-11s %-11s %s\n", io->name, (unsigned)io->code,
               iocbits_io(io->code), iocbits_split(io->code).t, *doc ? doc : "-", io->header,
               io->since);
    }
}

static int parse_args(int argc, char **argv, opts_t *o, uint32_t *codes, int *ncodes)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            exit(0);
        } else if (!strcmp(a, "--json")) {
            o->json = true;
        } else if (!strcmp(a, "--list")) {
            o->list = true;
        } else if (!strcmp(a, "--ptr")) {
            if (!has_value || (strcmp(argv[i + 1], "32") && strcmp(argv[i + 1], "64")))
                return fail("--ptr takes 32 or 64", "");
            o->ptr_bytes = argv[++i][0] == '3' ? 4 : 8;
        } else if (!strcmp(a, "--in") || !strcmp(a, "--out")) {
            bool in = a[2] == 'i';
            if (!has_value)
                return fail("%s needs a hex string", a);
            if (parse_hex(argv[++i], in ? o->in : o->out, in ? &o->in_len : &o->out_len))
                return fail("not a hex byte string (pairs of hex digits): '%s'", argv[i]);
            *(in ? &o->has_in : &o->has_out) = true;
        } else if (a[0] == '-' && a[1] == '-') {
            return fail("unknown option '%s' (see --help)", a);
        } else if (parse_code(a, &codes[(*ncodes)++])) {
            return fail("unknown IOCTL name or bad number: '%s' (try --list)", a);
        }
    }
    if (!o->list && *ncodes == 0)
        return fail("no CODE given (see --help)", "");
    return 0;
}

int main(int argc, char **argv)
{
    static opts_t o = {.ptr_bytes = 8};
    uint32_t *codes = calloc((size_t)argc, sizeof *codes);
    int ncodes = 0;
    if (!codes)
        return fail("out of memory", "");
    int rc = parse_args(argc, argv, &o, codes, &ncodes);
    if (rc == 0 && o.list)
        print_list(&o);
    for (int i = 0; rc == 0 && i < ncodes; i++) {
        if (o.json)
            print_json(codes[i], &o);
        else
            print_text(codes[i], &o);
    }
    free(codes);
    return rc;
}
