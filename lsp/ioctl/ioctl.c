#include "ioctl.h"

#include <stdio.h>

#include "iocbits.h"

static const ioctl_info_t ioctl__table[] = {
#define X(name, value, doc_io, doc_t, header, since, in, out, desc)                                \
    {#name, value, doc_io, doc_t, header, since, &dec_##in, &dec_##out, desc},
#include "ioctl_codes.def"
#undef X
};

#define IOCTL__COUNT (sizeof ioctl__table / sizeof ioctl__table[0])

size_t ioctl_count(void)
{
    return IOCTL__COUNT;
}

const ioctl_info_t *ioctl_at(size_t i)
{
    return i < IOCTL__COUNT ? &ioctl__table[i] : NULL;
}

const ioctl_info_t *ioctl_by_code(uint32_t code)
{
    for (size_t i = 0; i < IOCTL__COUNT; i++)
        if (ioctl__table[i].code == code)
            return &ioctl__table[i];
    return NULL;
}

static bool ioctl__same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
        char y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

const ioctl_info_t *ioctl_by_name(const char *name)
{
    for (size_t i = 0; i < IOCTL__COUNT; i++)
        if (ioctl__same_name(ioctl__table[i].name, name))
            return &ioctl__table[i];
    return NULL;
}

const ioctl_info_t *ioctl_next_alias(const ioctl_info_t *prev)
{
    for (const ioctl_info_t *io = prev + 1; io < ioctl__table + IOCTL__COUNT; io++)
        if (io->code == prev->code)
            return io;
    return NULL;
}

bool ioctl_doc_agrees(const ioctl_info_t *io)
{
    if (io->doc_io == DOC_NONE)
        return true;
    iocbits_t b = iocbits_split(io->code);
    return b.in == ((io->doc_io & DOC_I) != 0) && b.out == ((io->doc_io & DOC_O) != 0) &&
           b.void_ == ((io->doc_io & DOC_V) != 0) && (int)b.t == io->doc_t;
}

size_t ioctl_doc_format(char *buf, size_t n, const ioctl_info_t *io)
{
    if (io->doc_io == DOC_NONE)
        return (size_t)snprintf(buf, n, "%s", "");
    return (size_t)snprintf(buf, n, "%s%s%sT==%d", io->doc_io & DOC_I ? "I, " : "",
                            io->doc_io & DOC_O ? "O, " : "", io->doc_io & DOC_V ? "V, " : "",
                            io->doc_t);
}
