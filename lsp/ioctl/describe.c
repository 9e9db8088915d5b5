#include "describe.h"

#include "dec.h"
#include "iocbits.h"
#include "ioctl.h"

static void describe__bsd(emit_t *e, const iocbits_t *b)
{
    char group[2] = {(char)b->bsd_group, '\0'};
    emit_open(e, "bsd", '{');
    if (b->bsd_group >= 0x20 && b->bsd_group < 0x7f)
        emit_str(e, "group", group);
    else
        emit_uint(e, "group", b->bsd_group);
    emit_uint(e, "number", b->bsd_num);
    emit_uint(e, "size", b->bsd_size);
    emit_close(e);
}

static void describe__doc(emit_t *e, const ioctl_info_t *io)
{
    char doc[32];
    if (io->doc_io != DOC_NONE) {
        ioctl_doc_format(doc, sizeof doc, io);
        emit_str(e, "documented", doc);
        emit_bool(e, "doc_agrees", ioctl_doc_agrees(io));
    }
    emit_str(e, "header", io->header);
    emit_str(e, "since", io->since);
    emit_str(e, "description", io->desc);
}

/* Every other row of the value, whichever row io is. */
static void describe__aliases(emit_t *e, const ioctl_info_t *io)
{
    const ioctl_info_t *first = ioctl_by_code(io->code);
    if (first == io && !ioctl_next_alias(io))
        return;
    emit_open(e, "aliases", '[');
    for (const ioctl_info_t *alias = first; alias; alias = ioctl_next_alias(alias))
        if (alias != io)
            emit_str(e, NULL, alias->name);
    emit_close(e);
}

void describe_code(emit_t *e, uint32_t code, bool full)
{
    describe_row(e, ioctl_by_code(code), code, full);
}

void describe_row(emit_t *e, const ioctl_info_t *io, uint32_t code, bool full)
{
    iocbits_t b = iocbits_split(code);
    if (io)
        emit_str(e, "name", io->name);
    else
        emit_null(e, "name");
    emit_hex(e, "code", code, 8);
    emit_str(e, "io", iocbits_io(code));
    emit_uint(e, "t", b.t);
    emit_uint(e, "vendor", b.vendor);
    emit_uint(e, "number", b.number);
    if (io)
        describe__aliases(e, io);
    if (!full)
        return;
    char form[64];
    iocbits_format(form, sizeof form, code);
    emit_str(e, "form", form);
    emit_str(e, "t_name", iocbits_t_name(b.t));
    if (b.t == 0)
        describe__bsd(e, &b);
    if (io)
        describe__doc(e, io);
}

void describe_buffer(emit_t *e, uint32_t code, bool is_out, const uint8_t *p, size_t n,
                     uint64_t addr, unsigned ptr_bytes)
{
    describe_row_buffer(e, ioctl_by_code(code), is_out, p, n, addr, ptr_bytes);
}

void describe_row_buffer(emit_t *e, const ioctl_info_t *io, bool is_out, const uint8_t *p, size_t n,
                         uint64_t addr, unsigned ptr_bytes)
{
    const dec_t *d = io ? (is_out ? io->out : io->in) : &dec_none;
    dec_members(e, d, p, n, addr, ptr_bytes);
}
