/* Speed of `lsplog summary` and the memory it takes: writes 100,000 and
 * 1,000,000 call records with the core's own renderer (a few processes and
 * codes, some failures, varied lower_ns), runs lsplog summary over each
 * (median of 3 runs) and prints rows of the table `tools/dev.sh bench`
 * prints: CPU time per record, which a machine shared with other work
 * does not inflate, and the wall-clock rate of the same runs. The peak memory of the two runs shows
 * that it is bounded by the distinct keys, not by the input. usage: bench_lsplog LSPLOG TMPDIR */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rec.h"

#define RUNS 3

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool write_log(const char *path, unsigned long count)
{
    static const uint8_t keepalive[12] = {1, 0, 0, 0, 0x40, 0x77, 0x1b, 0, 0xe8, 3, 0, 0};
    static const uint8_t fionread[4] = {0x10};
    static char line[8192];
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (unsigned long i = 0; i < count; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        unsigned pick = (unsigned)(seed >> 33) % 4;
        rec_call_t c = {
            .time_us = 1795999323456789ull + i * 10,
            .pid = 4000 + (unsigned)(seed >> 40) % 4,
            .tid = 17,
            .image = pick == 3 ? "other.exe" : "bench.exe",
            .socket = 0x1a4 + pick * 4,
            .af = 2,
            .type = 1,
            .protocol = 6,
            .ptr_bytes = 8,
            .bytes_valid = true,
            .lower_ns = 500 + (seed >> 20) % 100000,
        };
        if (pick == 0) {
            c.code = 0x4004667F;
            c.out = (rec_buf_t){fionread, 4, 4, 0x20000, REC_BUF_OK};
            c.bytes = 4;
        } else {
            c.code = pick == 1 ? 0x98000004 : 0x98000001;
            c.in =
                (rec_buf_t){keepalive, pick == 1 ? 12 : 4, pick == 1 ? 12 : 4, 0x10000, REC_BUF_OK};
        }
        if (pick == 2)
            c.ret = -1, c.error = 10045;
        size_t n = rec_json(line, sizeof line, &c);
        if (n >= sizeof line || fwrite(line, 1, n, f) != n || fputc('\n', f) == EOF) {
            fclose(f);
            return false;
        }
    }
    return fclose(f) == 0;
}

/* One run of lsplog summary FILE: its wall and CPU time, peak resident memory. */
static bool run(const char *lsplog, const char *path, double *secs, double *cpu, long *max_kib)
{
    fflush(stdout);
    uint64_t t0 = now_ns();
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout))
            _exit(127);
        execl(lsplog, lsplog, "summary", path, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return false;
    *secs = (double)(now_ns() - t0) / 1e9;
    *cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    *max_kib = ru.ru_maxrss;
    return true;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_lsplog LSPLOG TMPDIR\n");
        return 2;
    }
    static const unsigned long counts[] = {100000, 1000000};
    for (size_t k = 0; k < 2; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/bench.%lu.jsonl", argv[2], counts[k]);
        if (!write_log(path, counts[k])) {
            fprintf(stderr, "bench_lsplog: cannot write %s\n", path);
            return 1;
        }
        double secs[RUNS], cpu[RUNS];
        long kib = 0;
        for (int r = 0; r < RUNS; r++) {
            if (!run(argv[1], path, &secs[r], &cpu[r], &kib)) {
                fprintf(stderr, "bench_lsplog: %s summary %s failed\n", argv[1], path);
                return 1;
            }
        }
        qsort(secs, RUNS, sizeof secs[0], cmp);
        qsort(cpu, RUNS, sizeof cpu[0], cmp);
        double s = secs[RUNS / 2], c = cpu[RUNS / 2], n = (double)counts[k];
        char what[96], how[160];
        snprintf(what, sizeof what, "lsplog summary: %lu records (CPU)", counts[k]);
        snprintf(how, sizeof how,
                 "%.0f records/s of CPU time, %.0f of wall time; peak memory %.1f MiB", n / c,
                 n / s, (double)kib / 1024);
        printf("%-46s %9.1f ns  %s\n", what, c * 1e9 / n, how);
        remove(path);
    }
    return 0;
}
