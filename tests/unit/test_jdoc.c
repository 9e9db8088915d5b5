/* The JSON reader: what it accepts, what it refuses and why, and that it
 * reads nothing past the bytes it is given. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "jdoc.h"

static jdoc_t d;
static char *copy; /* the nodes of d point into it until the next parse */

/* Parses a copy of s without its NUL, so a read past the end is a bug ASan sees. */
static bool parse(const char *s)
{
    size_t n = strlen(s);
    free(copy);
    copy = malloc(n ? n : 1);
    memcpy(copy, s, n);
    return jdoc_parse(&d, copy, n);
}

static void refused(const char *s, const char *why, size_t at)
{
    check(!parse(s), "accepted: %s", s);
    check(d.why && strcmp(d.why, why) == 0, "%s: why %s, want %s", s, d.why ? d.why : "-", why);
    check(d.at == at, "%s: at %zu, want %zu", s, d.at, at);
}

static void test_fields(void)
{
    long long v;
    check(parse(" {\"a\":{\"b\":[1,2,{\"c\":\"x\"}]},\"n\":null,\"t\":true,\"i\":-42,"
                "\"s\":\"caf\\u00e9 \\\"q\\\"\"} "),
          "%s", d.why);
    check(jdoc_int(&d, "i", &v) && v == -42, "i");
    check(jdoc_is_null(&d, "n") && !jdoc_is_null(&d, "t"), "null");
    check(jdoc_get(&d, "a.b")->type == JNODE_ARR, "a.b");
    check(!jdoc_get(&d, "a.b.c") && !jdoc_get(&d, "a.x") && !jdoc_get(&d, "nope"), "absent");
    check(jdoc_str_is(&d, "s", "caf\xc3\xa9 \"q\"") && !jdoc_str_is(&d, "s", "caf"), "escapes");
    char buf[8];
    check(jdoc_node_str(jdoc_get(&d, "s"), buf, sizeof buf) == 9 &&
              strcmp(buf, "caf\xc3\xa9 \"") == 0,
          "%s", buf);
    const jnode_t *b = jdoc_get(&d, "a.b"), *e = jdoc_first(&d, b);
    int count = 0;
    for (; e; e = jdoc_next(&d, e))
        count++;
    check(count == 3, "%d elements", count);
    check(jdoc_node_str_is(jdoc_member(&d, jdoc_next(&d, jdoc_next(&d, jdoc_first(&d, b))), "c"),
                           "x"),
          "member of the third element");
    check(!jdoc_first(&d, jdoc_get(&d, "i")), "a number has no members");
    check(parse("{\"s\":\"\\ud83d\\ude00\\ud800\"}") &&
              jdoc_str_is(&d, "s", "\xf0\x9f\x98\x80\xef\xbf\xbd"),
          "surrogates");
}

static void test_numbers(void)
{
    long long v;
    unsigned long long u;
    check(parse("{\"big\":18446744073709551615,\"min\":-9223372036854775808,\"f\":1.5,\"e\":1e3}"),
          "%s", d.why);
    check(!jdoc_int(&d, "big", &v) && jdoc_node_uint(jdoc_get(&d, "big"), &u) && u == UINT64_MAX,
          "u64");
    check(jdoc_int(&d, "min", &v) && v == INT64_MIN, "min");
    check(!jdoc_int(&d, "f", &v) && !jdoc_int(&d, "e", &v), "not integers");
    check(parse("{\"over\":18446744073709551616}") && !jdoc_node_uint(jdoc_get(&d, "over"), &u),
          "overflow");
    refused("{\"n\":01}", "expected ',' or '}'", 6);
    refused("{\"n\":1.}", "bad number", 7);
    refused("{\"n\":-}", "bad number", 6);
    refused("{\"n\":+1}", "not a JSON value", 5);
}

static void test_refusals(void)
{
    refused("", "empty line", 0);
    refused("  ", "empty line", 2);
    refused("[1]", "not a JSON object", 0);
    refused("hello world", "not a JSON object", 0);
    refused("{\"time\":\"2026-11-24T03:09", "unterminated string", 25);
    refused("{\"a\":1", "the line ends inside a value", 6);
    refused("{\"a\":", "the line ends inside a value", 5);
    refused("{\"a\":1}}", "text after the end of the JSON value", 7);
    refused("{\"a\":1} {\"b\":2}", "text after the end of the JSON value", 8);
    refused("{\"a\" 1}", "expected ':' after a member name", 5);
    refused("{a:1}", "expected a string", 1);
    refused("{\"a\":tru}", "not a JSON value", 5);
    refused("{\"a\":\"x\ty\"}", "control character in a string", 7);
    refused("{\"a\":\"\\x\"}", "bad escape in a string", 6);
    refused("{\"a\":\"\\u12g4\"}", "bad escape in a string", 6);
    refused("{\"a\":\"\xff\"}", "invalid UTF-8", 6);
    refused("{\"a\":\"\xc0\xaf\"}", "invalid UTF-8", 6);     /* overlong '/' */
    refused("{\"a\":\"\xed\xa0\x80\"}", "invalid UTF-8", 6); /* a surrogate */
    refused("{\"a\":\"\xe2\x82\"}", "invalid UTF-8", 6);     /* cut short */
    check(parse("{\"a\":\"\xe2\x82\xac\"}"), "the euro sign: %s", d.why);
}

static void test_bounds(void)
{
    char deep[200] = "{\"a\":";
    size_t n = strlen(deep);
    for (int i = 0; i < JDOC_MAX_DEPTH; i++)
        deep[n++] = '[';
    deep[n] = '\0';
    refused(deep, "nested too deeply", 5 + JDOC_MAX_DEPTH - 1);

    size_t cap = 3 * JDOC_MAX_NODES + 16;
    char *many = malloc(cap);
    size_t len = (size_t)sprintf(many, "{\"a\":[");
    for (int i = 0; i < JDOC_MAX_NODES; i++)
        len += (size_t)sprintf(many + len, "%s0", i ? "," : "");
    strcpy(many + len, "]}");
    check(!parse(many) && strcmp(d.why, "too many values in one line") == 0, "%s", d.why);
    check(jdoc_valid(many, strlen(many)), "validation has no node limit");
    free(many);

    /* The first 6 bytes of a longer object: nothing past them is read. */
    const char *whole = "{\"a\":12345}";
    char *six = malloc(6);
    memcpy(six, whole, 6);
    check(!jdoc_parse(&d, six, 6) && strcmp(d.why, "the line ends inside a value") == 0, "%s",
          d.why);
    free(six);
    check(jdoc_valid("[1,\"x\",null]", 12) && jdoc_valid("3", 1) && !jdoc_valid("3 4", 3),
          "values");
}

int main(void)
{
    test_fields();
    test_numbers();
    test_refusals();
    test_bounds();
    free(copy);
    return check_done("test_jdoc");
}
