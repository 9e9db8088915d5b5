/* Cost of turning one captured call into its JSON line and its text line,
 * the work the LSP's writer thread does per record. Prints the median of
 * 15 runs per case and the text/JSON ratio measured in the same run, as rows
 * of the table `tools/dev.sh bench` prints. */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rec.h"

#define RUNS  15
#define ITERS 20000

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median_ns(size_t (*fmt)(char *, size_t, const rec_call_t *), const rec_call_t *c,
                        size_t *len)
{
    static char line[8192];
    double per[RUNS];
    for (int r = 0; r < RUNS; r++) {
        uint64_t t0 = now_ns();
        for (int i = 0; i < ITERS; i++)
            *len = fmt(line, sizeof line, c);
        per[r] = (double)(now_ns() - t0) / ITERS;
    }
    qsort(per, RUNS, sizeof per[0], cmp);
    return per[RUNS / 2];
}

int main(void)
{
    static const uint8_t keepalive[12] = {1, 0, 0, 0, 0x40, 0x77, 0x1b, 0, 0xe8, 3, 0, 0};
    static uint8_t tcp_info[136] = {4};
    static const uint8_t fionread[4] = {0x10};
    struct {
        const char *what;
        uint32_t code;
        const uint8_t *in, *out;
        uint32_t nin, nout;
    } cases[] = {
        {"FIONREAD (u_long out)", 0x4004667F, NULL, fionread, 0, 4},
        {"SIO_KEEPALIVE_VALS (struct in)", 0x98000004, keepalive, NULL, 12, 0},
        {"SIO_TCP_INFO (v1 out, 28 members)", 0xD8000027, fionread, tcp_info, 4, 136},
        {"unknown code (hex)", 0xDEADBEEF, keepalive, NULL, 12, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rec_call_t c = {
            .time_us = 1795999323456789ull,
            .pid = 4242,
            .tid = 17,
            .image = "bench.exe",
            .socket = 0x1a4,
            .af = 2,
            .type = 1,
            .protocol = 6,
            .code = cases[i].code,
            .ptr_bytes = 8,
            .bytes_valid = true,
            .bytes = cases[i].nout,
            .lower_ns = 900,
            .in = {cases[i].in, cases[i].nin, cases[i].nin, cases[i].in ? 0x10000 : 0,
                   cases[i].in ? REC_BUF_OK : REC_BUF_NONE},
            .out = {cases[i].out, cases[i].nout, cases[i].nout, cases[i].out ? 0x20000 : 0,
                    cases[i].out ? REC_BUF_OK : REC_BUF_NONE},
        };
        size_t jlen, tlen;
        double j = median_ns(rec_json, &c, &jlen);
        double t = median_ns(rec_text, &c, &tlen);
        char what[96];
        snprintf(what, sizeof what, "JSON line: %s", cases[i].what);
        printf("%-46s %9.0f ns  %zu bytes\n", what, j, jlen);
        snprintf(what, sizeof what, "text line: %s", cases[i].what);
        printf("%-46s %9.0f ns  %.2f x its JSON line, %zu bytes\n", what, t, t / j, tlen);
    }
    return 0;
}
