/* casefile.c - case file schema checks; see casefile.h.
 *
 * The schema is a table: each field has a type, and objects and lists of
 * objects point to their own tables, so the check, the normalisation and the
 * list of allowed keys in error messages all come from one place. */
#include "casefile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/jsonloc.h"
#include "report/embedded.h"

enum { F_STRING, F_NUMBER, F_ENUM, F_OBJECT, F_OBJECTS, F_STRINGS, F_NUM_OR_AUTO, F_NUM_OR_RANGE };

typedef struct field {
    const char *key;
    int type;
    const struct field *sub;     /* F_OBJECT, F_OBJECTS */
    const char *const *allowed;  /* F_ENUM */
} field;

static const char *const S_severities[] = {"low", "normal", "high", "urgent", "critical", NULL};
static const char *const S_methods[] = {"email", "phone", "chat", "web", NULL};

static const field S_contact[] = {
    {"name", F_STRING, NULL, NULL},     {"email", F_STRING, NULL, NULL},
    {"phone", F_STRING, NULL, NULL},    {"method", F_ENUM, NULL, S_methods},
    {"availability", F_STRING, NULL, NULL}, {"timezone", F_STRING, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const field S_component[] = {
    {"component", F_STRING, NULL, NULL},
    {"role", F_STRING, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const field S_load_component[] = {
    {"component", F_STRING, NULL, NULL},
    {"requests_per_investigation", F_NUM_OR_RANGE, NULL, NULL},
    {"tokens_per_request", F_NUM_OR_RANGE, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const field S_pattern[] = {
    {"components", F_OBJECTS, S_load_component, NULL},
    {"investigation_minutes", F_NUMBER, NULL, NULL},
    {"concurrent_investigations", F_NUM_OR_RANGE, NULL, NULL},
    {"burst_size", F_NUMBER, NULL, NULL},
    {"retry_policy", F_STRING, NULL, NULL},
    {"retry_allowance_percent", F_NUMBER, NULL, NULL},
    {"buffer_percent", F_NUMBER, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

static const field S_case[] = {
    {"case_id", F_STRING, NULL, NULL},
    {"subject", F_STRING, NULL, NULL},
    {"severity", F_ENUM, NULL, S_severities},
    {"service", F_STRING, NULL, NULL},
    {"account_id", F_STRING, NULL, NULL},
    {"region", F_STRING, NULL, NULL},
    {"quota_code", F_STRING, NULL, NULL},
    {"contact", F_OBJECT, S_contact, NULL},
    {"use_case", F_STRING, NULL, NULL},
    {"business_impact", F_STRING, NULL, NULL},
    {"business_value", F_STRING, NULL, NULL},
    {"current_limitations", F_STRING, NULL, NULL},
    {"operational_requirements", F_STRING, NULL, NULL},
    {"architecture", F_OBJECTS, S_component, NULL},
    {"request_pattern", F_OBJECT, S_pattern, NULL},
    {"requested_limit", F_NUM_OR_AUTO, NULL, NULL},
    {"deadline", F_STRING, NULL, NULL},
    {"timeline", F_STRING, NULL, NULL},
    {"questions", F_STRINGS, NULL, NULL},
    {"workaround", F_STRING, NULL, NULL},
    {NULL, 0, NULL, NULL},
};

typedef struct checker {
    const char *name, *text;
    size_t len;
    qc_err *err;
} checker;

static int S_fail(checker *c, const char *path, int at_key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int S_fail(checker *c, const char *path, int at_key, const char *fmt, ...)
{
    int kl, kc, vl, vc;
    qc_jsonloc_find(c->text, c->len, path, &kl, &kc, &vl, &vc);
    qc_buf what;
    qc_buf_init(&what, 4096);
    va_list ap;
    va_start(ap, fmt);
    qc_buf_vprintf(&what, fmt, ap);
    va_end(ap);
    qc_err_set(c->err, QC_EINPUT, "%s:%d:%d: %s", c->name, at_key ? kl : vl, at_key ? kc : vc,
               what.ptr ? what.ptr : "");
    qc_buf_free(&what);
    return -1;
}

/* path + "." + key, or path + "[i]" (free() it). */
static char *S_sub(const char *path, const char *key, long index)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    if (key)
        qc_buf_printf(&b, "%s%s%s", path, path[0] ? "." : "", key);
    else
        qc_buf_printf(&b, "%s[%ld]", path, index);
    return qc_buf_take(&b);
}

static const char *S_type_name(int t)
{
    switch (t) {
    case F_STRING: return "a string";
    case F_NUMBER: return "a number";
    case F_ENUM: return "one of the listed words";
    case F_OBJECT: return "an object";
    case F_OBJECTS: return "a list of objects";
    case F_STRINGS: return "a list of strings";
    case F_NUM_OR_AUTO: return "a number or \"auto\"";
    default: return "a number or {\"min\": n, \"max\": n}";
    }
}

static int S_is_range(const json_t *v)
{
    double a, b;
    return json_is_object(v) && json_object_size(v) == 2 && qc_json_get_num(v, "min", &a) &&
           qc_json_get_num(v, "max", &b) && a >= 0 && b >= a;
}

static int S_check_obj(checker *c, const char *path, const json_t *obj, const field *fs);

static int S_check_value(checker *c, const char *path, const field *f, const json_t *v)
{
    int ok = 0;
    switch (f->type) {
    case F_STRING: ok = json_is_string(v); break;
    case F_NUMBER: ok = json_is_number(v) && json_number_value(v) >= 0; break;
    case F_ENUM: {
        ok = 0;
        for (const char *const *a = f->allowed; json_is_string(v) && *a; a++)
            ok |= !strcmp(*a, json_string_value(v));
        if (!ok) {
            qc_buf list;
            qc_buf_init(&list, 0);
            for (const char *const *a = f->allowed; *a; a++)
                qc_buf_printf(&list, "%s%s", a == f->allowed ? "" : ", ", *a);
            S_fail(c, path, 0, "\"%s\" must be one of: %s", f->key, list.ptr);
            qc_buf_free(&list);
            return -1;
        }
        return 0;
    }
    case F_OBJECT:
        if (!json_is_object(v))
            break;
        return S_check_obj(c, path, v, f->sub);
    case F_OBJECTS:
    case F_STRINGS: {
        if (!json_is_array(v))
            break;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            char *sub = S_sub(path, NULL, (long)i);
            int rc = 0;
            if (f->type == F_STRINGS && !json_is_string(e))
                rc = S_fail(c, sub, 0, "items of \"%s\" must be strings", f->key);
            else if (f->type == F_OBJECTS && !json_is_object(e))
                rc = S_fail(c, sub, 0, "items of \"%s\" must be objects", f->key);
            else if (f->type == F_OBJECTS)
                rc = S_check_obj(c, sub, e, f->sub);
            free(sub);
            if (rc < 0)
                return -1;
        }
        return 0;
    }
    case F_NUM_OR_AUTO:
        ok = (json_is_number(v) && json_number_value(v) > 0) ||
             (json_is_string(v) && !strcmp(json_string_value(v), "auto"));
        break;
    default: ok = (json_is_number(v) && json_number_value(v) >= 0) || S_is_range(v); break;
    }
    if (!ok)
        return S_fail(c, path, 0, "\"%s\" must be %s", f->key, S_type_name(f->type));
    return 0;
}

static int S_check_obj(checker *c, const char *path, const json_t *obj, const field *fs)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        char *sub = S_sub(path, key, 0);
        const field *f = fs;
        int rc = 0;
        while (f->key && strcmp(f->key, key))
            f++;
        if (!f->key) {
            qc_buf list;
            qc_buf_init(&list, 0);
            for (const field *g = fs; g->key; g++)
                qc_buf_printf(&list, "%s%s", g == fs ? "" : ", ", g->key);
            rc = S_fail(c, sub, 1, "unknown key \"%s\" (known: %s)", key, list.ptr);
            qc_buf_free(&list);
        } else if (!json_is_null(v)) {
            rc = S_check_value(c, sub, f, v);
        }
        free(sub);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int qc_case_check(const char *name, const char *text, size_t len, const json_t *doc,
                  qc_err *err)
{
    checker c = {name, text, len, err};
    if (!json_is_object(doc))
        return S_fail(&c, "", 0, "a case file is a JSON object");
    return S_check_obj(&c, "", doc, S_case);
}

json_t *qc_case_load(const char *path, qc_err *err)
{
    qc_buf b;
    qc_buf_init(&b, (size_t)16 << 20);
    if (qc_fs_read(path, &b, err) < 0) {
        qc_buf_free(&b);
        return NULL;
    }
    json_t *doc = qc_json_load_mem(path, b.ptr ? b.ptr : "", b.len, err);
    if (doc && qc_case_check(path, b.ptr ? b.ptr : "", b.len, doc, err) < 0) {
        json_decref(doc);
        doc = NULL;
    }
    qc_buf_free(&b);
    return doc;
}

static json_t *S_normalize(const json_t *obj, const field *fs)
{
    json_t *out = json_object();
    for (const field *f = fs; f->key; f++) {
        const json_t *v = obj ? json_object_get(obj, f->key) : NULL;
        json_t *n;
        if (f->type == F_OBJECT) {
            n = S_normalize(json_is_object(v) ? v : NULL, f->sub);
        } else if (f->type == F_OBJECTS) {
            n = json_array();
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) json_array_append_new(n, S_normalize(e, f->sub));
        } else if (f->type == F_STRINGS) {
            n = v ? json_deep_copy(v) : json_array();
        } else {
            n = v ? json_deep_copy(v) : json_null();
        }
        json_object_set_new(out, f->key, n);
    }
    return out;
}

json_t *qc_case_normalize(const json_t *doc)
{
    return S_normalize(doc, S_case);
}

const char *qc_case_example(size_t *len)
{
    const qc_embedded_file *f = qc_embedded_get("examples/case.json");
    *len = f ? f->len : 0;
    return f ? f->data : "";
}
