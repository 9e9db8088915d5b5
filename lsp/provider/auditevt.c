#include <windows.h>

#include <stdio.h>

#include "auditevt.h"
#include "evtlog.h"
#include "proc.h"
#include "procinfo.h"
#include "xlat.h"

/* The insertion strings of evtmsg.mc, %1 to %16. */
enum {
    AUDITEVT__IMAGE,
    AUDITEVT__PID,
    AUDITEVT__INSTANCE,
    AUDITEVT__USER,
    AUDITEVT__CODE,
    AUDITEVT__MODE,
    AUDITEVT__IFACE,
    AUDITEVT__SOCKET,
    AUDITEVT__KIND,
    AUDITEVT__LOCAL,
    AUDITEVT__PATH,
    AUDITEVT__CMDLINE,
    AUDITEVT__INTEGRITY,
    AUDITEVT__ELEVATED,
    AUDITEVT__WHY,
    AUDITEVT__DURATION,
    AUDITEVT__COUNT
};

typedef struct auditevt__text {
    const char *s[AUDITEVT__COUNT];
    char pid[16], instance[REC_TIME_LEN], mode[16], iface[16], socket[24], kind[96];
    char local[64], integrity[16], why[32], duration[24];
} auditevt__text_t;

static const char *auditevt__name(const xlat_t *x, int32_t v, char *buf, size_t n)
{
    const char *name = v >= 0 ? xlat_name(x, (uint32_t)v) : NULL;
    if (name)
        return name;
    snprintf(buf, n, "%d", (int)v);
    return buf;
}

static void auditevt__who(auditevt__text_t *t, const auditrec_proc_t *p)
{
    snprintf(t->pid, sizeof t->pid, "%lu", GetCurrentProcessId());
    rec_time(t->instance, proc_instance_us());
    t->s[AUDITEVT__IMAGE] = p->image;
    t->s[AUDITEVT__PID] = t->pid;
    t->s[AUDITEVT__INSTANCE] = t->instance;
    t->s[AUDITEVT__USER] = p->user ? p->user : p->user_sid ? p->user_sid : "unknown";
    t->s[AUDITEVT__PATH] = p->path;
    t->s[AUDITEVT__CMDLINE] = p->command_line;
    const char *il = auditrec_integrity_name(p->integrity);
    if (!il)
        snprintf(t->integrity, sizeof t->integrity, p->integrity < 0 ? "unknown" : "0x%llX",
                 (unsigned long long)p->integrity);
    t->s[AUDITEVT__INTEGRITY] = il ? il : t->integrity;
    t->s[AUDITEVT__ELEVATED] = p->elevated < 0 ? "unknown" : p->elevated ? "yes" : "no";
}

static void auditevt__what(auditevt__text_t *t, uint32_t code, int32_t af, int32_t type,
                           int32_t protocol, uint64_t socket, const capture_request_t *r,
                           const uint8_t *local, size_t local_len)
{
    char a[16], b[16], c[16];
    const ioctl_info_t *io = capture_row(code, type, protocol);
    t->s[AUDITEVT__CODE] = io ? io->name : "?";
    const char *mode = r->has_mode ? xlat_name(&xlat_rcvall_value, r->mode) : "unreadable";
    if (!mode)
        snprintf(t->mode, sizeof t->mode, "%u", (unsigned)r->mode);
    t->s[AUDITEVT__MODE] = mode ? mode : t->mode;
    if (capture_per_interface(code) && r->has_ifindex)
        snprintf(t->iface, sizeof t->iface, "%u", (unsigned)r->ifindex);
    else
        snprintf(t->iface, sizeof t->iface, "-");
    t->s[AUDITEVT__IFACE] = t->iface;
    snprintf(t->socket, sizeof t->socket, "0x%llX", (unsigned long long)socket);
    t->s[AUDITEVT__SOCKET] = t->socket;
    snprintf(t->kind, sizeof t->kind, "%s/%s/%s", auditevt__name(&xlat_af, af, a, sizeof a),
             auditevt__name(&xlat_socktype, type, b, sizeof b),
             auditevt__name(&xlat_ipproto, protocol, c, sizeof c));
    t->s[AUDITEVT__KIND] = t->kind;
    auditrec_local_text(t->local, local, local_len);
    t->s[AUDITEVT__LOCAL] = t->local;
}

void auditevt_call(const rec_call_t *c, const auditrec_capture_t *cap, const auditrec_proc_t *p)
{
    auditevt__text_t t = {0};
    auditrec_outcome_t o = auditrec_outcome(c);
    if (o == AUDITREC_OFF)
        return; /* the session's end is its own entry */
    capture_request_t r = capture_request(c->code, c->in.data, c->in.len);
    auditevt__who(&t, p);
    auditevt__what(&t, c->code, c->af, c->type, c->protocol, c->socket, &r, cap->local,
                   cap->local_len);
    const char *err = xlat_name(&xlat_wsa_error, (uint32_t)c->error);
    snprintf(t.why, sizeof t.why, "%s", err ? err : "error");
    t.s[AUDITEVT__WHY] = t.why;
    t.s[AUDITEVT__DURATION] = "";
    bool on = o == AUDITREC_ON;
    evtlog_report(on ? EVTMSG_CAPTURE_ON : EVTMSG_CAPTURE_REFUSED,
                  on ? EVENTLOG_WARNING_TYPE : EVENTLOG_INFORMATION_TYPE, procinfo_user_sid(), t.s,
                  AUDITEVT__COUNT);
}

void auditevt_end(const auditrec_end_t *e, const auditrec_proc_t *p)
{
    auditevt__text_t t = {0};
    auditevt__who(&t, p);
    auditevt__what(&t, e->code, e->af, e->type, e->protocol, e->socket, &e->request, e->local,
                   e->local_len);
    t.s[AUDITEVT__WHY] = e->how;
    snprintf(t.duration, sizeof t.duration, "%llu",
             (unsigned long long)(e->time_us >= e->since_us ? e->time_us - e->since_us : 0));
    t.s[AUDITEVT__DURATION] = t.duration;
    evtlog_report(EVTMSG_CAPTURE_OFF, EVENTLOG_INFORMATION_TYPE, procinfo_user_sid(), t.s,
                  AUDITEVT__COUNT);
}

void auditevt_unwritable(const auditrec_proc_t *p, const char *what, const char *why)
{
    auditevt__text_t t = {0};
    auditevt__who(&t, p);
    const char *s[6] = {t.s[AUDITEVT__IMAGE],
                        t.s[AUDITEVT__PID],
                        t.s[AUDITEVT__INSTANCE],
                        t.s[AUDITEVT__USER],
                        what,
                        why};
    evtlog_report(EVTMSG_LOG_FAILED, EVENTLOG_ERROR_TYPE, procinfo_user_sid(), s, 6);
}
