/* schema.c - table-driven checks of user-written JSON; see schema.h. */
#include "schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/json.h"
#include "common/jsonloc.h"

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
    case QC_F_STRING: return "a string";
    case QC_F_NUMBER: return "a number";
    case QC_F_ENUM: return "one of the listed words";
    case QC_F_OBJECT: return "an object";
    case QC_F_OBJECTS: return "a list of objects";
    case QC_F_STRINGS: return "a list of strings";
    case QC_F_NUM_OR_AUTO: return "a number or \"auto\"";
    default: return "a number or {\"min\": n, \"max\": n}";
    }
}

static int S_is_range(const json_t *v)
{
    double a, b;
    return json_is_object(v) && json_object_size(v) == 2 && qc_json_get_num(v, "min", &a) &&
           qc_json_get_num(v, "max", &b) && a >= 0 && b >= a;
}

static int S_check_obj(checker *c, const char *path, const json_t *obj, const qc_schema_field *fs);

static int S_check_value(checker *c, const char *path, const qc_schema_field *f, const json_t *v)
{
    int ok = 0;
    switch (f->type & 0xff) {
    case QC_F_STRING: ok = json_is_string(v); break;
    case QC_F_NUMBER: ok = json_is_number(v) && json_number_value(v) >= 0; break;
    case QC_F_ENUM: {
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
    case QC_F_OBJECT:
        if (!json_is_object(v))
            break;
        return S_check_obj(c, path, v, f->sub);
    case QC_F_OBJECTS:
    case QC_F_STRINGS: {
        if (!json_is_array(v))
            break;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            char *sub = S_sub(path, NULL, (long)i);
            int rc = 0;
            if ((f->type & 0xff) == QC_F_STRINGS && !json_is_string(e))
                rc = S_fail(c, sub, 0, "items of \"%s\" must be strings", f->key);
            else if ((f->type & 0xff) == QC_F_OBJECTS && !json_is_object(e))
                rc = S_fail(c, sub, 0, "items of \"%s\" must be objects", f->key);
            else if ((f->type & 0xff) == QC_F_OBJECTS)
                rc = S_check_obj(c, sub, e, f->sub);
            free(sub);
            if (rc < 0)
                return -1;
        }
        return 0;
    }
    case QC_F_NUM_OR_AUTO:
        ok = (json_is_number(v) && json_number_value(v) > 0) ||
             (json_is_string(v) && !strcmp(json_string_value(v), "auto"));
        break;
    default: ok = (json_is_number(v) && json_number_value(v) >= 0) || S_is_range(v); break;
    }
    if (!ok)
        return S_fail(c, path, 0, "\"%s\" must be %s", f->key, S_type_name(f->type & 0xff));
    return 0;
}

static int S_check_obj(checker *c, const char *path, const json_t *obj, const qc_schema_field *fs)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        char *sub = S_sub(path, key, 0);
        const qc_schema_field *f = fs;
        int rc = 0;
        while (f->key && strcmp(f->key, key))
            f++;
        if (!f->key) {
            qc_buf list;
            qc_buf_init(&list, 0);
            for (const qc_schema_field *g = fs; g->key; g++)
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
    for (const qc_schema_field *f = fs; f->key; f++) {
        const json_t *got = json_object_get(obj, f->key);
        if ((f->type & QC_F_REQUIRED) && (!got || json_is_null(got)))
            return S_fail(c, path, 0, "\"%s\" is missing", f->key);
    }
    return 0;
}

static json_t *S_normalize(const json_t *obj, const qc_schema_field *fs)
{
    json_t *out = json_object();
    for (const qc_schema_field *f = fs; f->key; f++) {
        const json_t *v = obj ? json_object_get(obj, f->key) : NULL;
        json_t *n;
        if ((f->type & 0xff) == QC_F_OBJECT) {
            n = S_normalize(json_is_object(v) ? v : NULL, f->sub);
        } else if ((f->type & 0xff) == QC_F_OBJECTS) {
            n = json_array();
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) json_array_append_new(n, S_normalize(e, f->sub));
        } else if ((f->type & 0xff) == QC_F_STRINGS) {
            n = v ? json_deep_copy(v) : json_array();
        } else {
            n = v ? json_deep_copy(v) : json_null();
        }
        json_object_set_new(out, f->key, n);
    }
    return out;
}

int qc_schema_check(const char *name, const char *text, size_t len, const json_t *doc,
                    const qc_schema_field *fs, const char *what, qc_err *err)
{
    checker c = {name, text, len, err};
    if (!json_is_object(doc))
        return S_fail(&c, "", 0, "a %s is a JSON object", what);
    return S_check_obj(&c, "", doc, fs);
}

json_t *qc_schema_load(const char *path, const qc_schema_field *fs, const char *what, qc_err *err)
{
    qc_buf b;
    qc_buf_init(&b, (size_t)16 << 20);
    if (qc_fs_read(path, &b, err) < 0) {
        qc_buf_free(&b);
        return NULL;
    }
    json_t *doc = qc_json_load_mem(path, b.ptr ? b.ptr : "", b.len, err);
    if (doc && qc_schema_check(path, b.ptr ? b.ptr : "", b.len, doc, fs, what, err) < 0) {
        json_decref(doc);
        doc = NULL;
    }
    qc_buf_free(&b);
    return doc;
}

json_t *qc_schema_normalize(const json_t *doc, const qc_schema_field *fs)
{
    return S_normalize(doc, fs);
}
