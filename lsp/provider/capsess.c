#include <string.h>

#include "capsess.h"

static capsess_t capsess__list[CAPSESS_MAX];
static unsigned capsess__count;

static capsess_t *capsess__find(uint64_t socket)
{
    for (unsigned i = 0; i < capsess__count; i++)
        if (capsess__list[i].socket == socket)
            return &capsess__list[i];
    return NULL;
}

static void capsess__remove(capsess_t *s, capsess_t *ended)
{
    *ended = *s;
    *s = capsess__list[--capsess__count];
}

static void capsess__set(capsess_t *s, const record_t *r, const capture_request_t *req)
{
    s->socket = r->socket;
    s->af = r->af;
    s->type = r->type;
    s->protocol = r->protocol;
    s->code = r->code;
    s->request = *req;
    s->local_len = r->local_len;
    memcpy(s->local, r->local, sizeof s->local);
}

auditrec_session_t capsess_call(const record_t *r, uint64_t *since_us, capsess_t *ended)
{
    rec_call_t c;
    record_view(r, NULL, &c);
    capture_request_t req = capture_request(c.code, c.in.data, c.in.len);
    auditrec_outcome_t outcome = auditrec_outcome(&c);
    capsess_t *s = capsess__find(r->socket);
    *since_us = s ? s->since_us : 0;
    if (outcome == AUDITREC_REFUSED)
        return AUDITREC_NONE;
    if (outcome == AUDITREC_OFF) {
        if (!s)
            return AUDITREC_NONE;
        /* audit_end says what was being captured, not the RCVALL_OFF. */
        capsess__remove(s, ended);
        return AUDITREC_STOP;
    }
    if (s) {
        capsess__set(s, r, &req);
        return AUDITREC_CHANGE;
    }
    *since_us = r->time_us;
    if (capsess__count == CAPSESS_MAX)
        return AUDITREC_START;
    s = &capsess__list[capsess__count++];
    capsess__set(s, r, &req);
    s->since_us = r->time_us;
    return AUDITREC_START;
}

bool capsess_close(uint64_t socket, capsess_t *ended)
{
    capsess_t *s = capsess__find(socket);
    if (s)
        capsess__remove(s, ended);
    return s != NULL;
}

bool capsess_take(capsess_t *ended)
{
    if (capsess__count == 0)
        return false;
    capsess__remove(&capsess__list[capsess__count - 1], ended);
    return true;
}
