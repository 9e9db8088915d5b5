/* Bit fields and SDK forms of codes, for every table row and for unknown codes. */
#include <stdint.h>

#include "check.h"
#include "iocbits.h"
#include "ioctl.h"

static void test_forms(void)
{
    static const struct {
        uint32_t code;
        const char *form;
    } cases[] = {
        {0x8004667E, "_IOW('f', 126, u_long)"},          /* FIONBIO */
        {0x4004667F, "_IOR('f', 127, u_long)"},          /* FIONREAD */
        {0x2000747A, "_IO('t', 122)"},                   /* SIO_IDEAL_SEND_BACKLOG_CHANGE */
        {0x98000001, "_WSAIOW(IOC_VENDOR, 1)"},          /* SIO_RCVALL */
        {0x48000022, "_WSAIOR(IOC_WS2, 34)"},            /* SIO_BASE_HANDLE */
        {0xC8000006, "_WSAIORW(IOC_WS2, 6)"},            /* SIO_GET_EXTENSION_FUNCTION_POINTER */
        {0x28000017, "_WSAIO(IOC_WS2, 23)"},             /* SIO_ADDRESS_LIST_CHANGE */
        {0x9800012C, "_WSAIOW(IOC_VENDOR, 300)"},        /* SIO_SET_COMPATIBILITY_MODE */
        {0xDC000001, "_WSAIORW(IOC_VENDOR, 0x4000001)"}, /* SIO_CHK_QOS: bit 26 set */
        {0x90170002, "_WSAIOW(IOC_PROTOCOL, 0x170002)"},
        {0x00000000, "0x00000000"}, /* no direction at all */
        {0xE8000001, "0xE8000001"}, /* VOID with IN and OUT */
        {0x80087301, "_IOW('s', 1, 8)"},
        {0x80847301, "0x80847301"}, /* bit 23 has no place in _IOW */
    };
    char form[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = iocbits_format(form, sizeof form, cases[i].code);
        check_str(form, cases[i].form);
        check(n == strlen(cases[i].form), "length %zu", n);
    }
    check(iocbits_format(form, 4, 0x98000001) == strlen("_WSAIOW(IOC_VENDOR, 1)"),
          "needed length reported when cut");
    check_str(form, "_WS");
}

static void test_split(void)
{
    iocbits_t b = iocbits_split(0x8004667E);
    check(b.in && !b.out && !b.void_ && b.t == 0, "FIONBIO direction");
    check(b.bsd_group == 'f' && b.bsd_num == 126 && b.bsd_size == 4, "FIONBIO BSD form");
    check(b.vendor == 4 && b.number == 0x667E, "FIONBIO raw fields");
    b = iocbits_split(0xDEADBEEF);
    check(b.in && b.out && !b.void_ && b.t == 3 && b.vendor == 0x6AD && b.number == 0xBEEF,
          "unknown code by its bits");
    check_str(iocbits_io(0xDEADBEEF), "INOUT");
    check_str(iocbits_io(0x28000002), "VOID");
    check_str(iocbits_io(0x08000002), "NONE");
    check_str(iocbits_io(0xA8000002), "VOID|IN");
    check_str(iocbits_t_name(2), "protocol");
}

/* Every row's fields put back together give its value, and its form names
 * the same direction and type its bits do. */
static void test_rows(void)
{
    for (size_t i = 0; i < ioctl_count(); i++) {
        const ioctl_info_t *io = ioctl_at(i);
        iocbits_t b = iocbits_split(io->code);
        uint32_t back = (b.in ? IOCBITS_IN : 0) | (b.out ? IOCBITS_OUT : 0) |
                        (b.void_ ? IOCBITS_VOID : 0) | (uint32_t)b.t << 27 |
                        (uint32_t)b.vendor << 16 | b.number;
        check(back == io->code, "%s: fields rebuild 0x%08X", io->name, (unsigned)back);
        char form[64];
        iocbits_format(form, sizeof form, io->code);
        const char *want = b.t == 0 ? (b.void_ ? "_IO("
                                       : b.in  ? "_IOW("
                                               : "_IOR(")
                                    : (b.in && b.out ? "_WSAIORW("
                                       : b.in        ? "_WSAIOW("
                                       : b.out       ? "_WSAIOR("
                                                     : "_WSAIO(");
        check(strncmp(form, want, strlen(want)) == 0, "%s: %s", io->name, form);
    }
}

int main(void)
{
    test_forms();
    test_split();
    test_rows();
    return check_done("test_bits");
}
