/* config.c - INI parsing for the aws shared files; see config.h.
 * Rules from Python's configparser as botocore configures it. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"

typedef struct ini_kv {
    char *section, *key, *value;
} ini_kv;

struct qc_ini {
    ini_kv *kv;
    size_t n, cap;
    char **sections;
    size_t nsec, seccap;
};

static char *S_trim(const char *a, const char *b)
{
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && isspace((unsigned char)b[-1]))
        b--;
    return qc_strndup(a, (size_t)(b - a));
}

static ini_kv *S_find(const qc_ini *ini, const char *section, const char *key)
{
    for (size_t i = 0; i < ini->n; i++)
        if (!strcmp(ini->kv[i].section, section) && !strcmp(ini->kv[i].key, key))
            return &ini->kv[i];
    return NULL;
}

static int S_add(qc_ini *ini, const char *name, int line, const char *section, char *key,
                 char *value, qc_err *err)
{
    if (S_find(ini, section, key)) {
        qc_err_set(err, QC_EINPUT, "%s:%d: key \"%s\" appears twice in [%s]", name, line, key,
                   section);
        free(key);
        free(value);
        return -1;
    }
    ini->kv = qc_grow(ini->kv, &ini->cap, ini->n + 1, sizeof *ini->kv);
    ini->kv[ini->n++] = (ini_kv){qc_strdup(section), key, value};
    return 0;
}

/* "key = value" or "key: value": the first delimiter wins. */
static int S_split(const char *p, const char *e, char **key, char **value)
{
    const char *d = p;
    while (d < e && *d != '=' && *d != ':')
        d++;
    if (d == e || d == p)
        return -1;
    *key = S_trim(p, d);
    for (char *c = *key; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    *value = S_trim(d + 1, e);
    return **key ? 0 : (free(*key), free(*value), -1);
}

qc_ini *qc_ini_parse(const char *name, const char *text, size_t len, qc_err *err)
{
    qc_ini *ini = qc_calloc(1, sizeof *ini);
    const char *p = text, *end = text + len;
    char *section = NULL, *last_key = NULL;
    int line = 0, rc = 0;
    while (p < end && rc == 0) {
        const char *le = memchr(p, '\n', (size_t)(end - p));
        const char *e = le ? le : end;
        line++;
        const char *s = p;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        int indented = s > p;
        const char *t = e;
        while (t > s && isspace((unsigned char)t[-1]))
            t--;
        if (s == t || *s == '#' || *s == ';') {
            /* blank or comment */
        } else if (indented && last_key) {
            char *k, *v;
            if (S_split(s, t, &k, &v) == 0) {
                char *full = qc_malloc(strlen(last_key) + strlen(k) + 2);
                strcpy(full, last_key);
                strcat(full, ".");
                strcat(full, k);
                free(k);
                rc = S_add(ini, name, line, section, full, v, err);
            }
        } else if (*s == '[') {
            const char *close = memchr(s, ']', (size_t)(t - s));
            if (!close) {
                rc = qc_err_set(err, QC_EINPUT, "%s:%d: section header without ']'", name, line);
                break;
            }
            free(section);
            section = S_trim(s + 1, close);
            free(last_key);
            last_key = NULL;
            for (size_t i = 0; i < ini->nsec; i++)
                if (!strcmp(ini->sections[i], section))
                    rc = qc_err_set(err, QC_EINPUT, "%s:%d: section [%s] appears twice", name,
                                    line, section);
            ini->sections = qc_grow(ini->sections, &ini->seccap, ini->nsec + 1, sizeof *ini->sections);
            ini->sections[ini->nsec++] = qc_strdup(section);
        } else {
            char *k, *v;
            if (!section)
                rc = qc_err_set(err, QC_EINPUT, "%s:%d: a key outside any [section]", name, line);
            else if (S_split(s, t, &k, &v) < 0)
                rc = qc_err_set(err, QC_EINPUT, "%s:%d: expected \"key = value\"", name, line);
            else {
                free(last_key);
                last_key = qc_strdup(k);
                rc = S_add(ini, name, line, section, k, v, err);
            }
        }
        p = le ? le + 1 : end;
    }
    free(section);
    free(last_key);
    if (rc < 0) {
        qc_ini_free(ini);
        return NULL;
    }
    return ini;
}

qc_ini *qc_ini_load(const char *path, qc_err *err)
{
    if (!path || !qc_fs_exists(path))
        return qc_calloc(1, sizeof(qc_ini));
    qc_buf b;
    qc_buf_init(&b, (size_t)8 << 20);
    if (qc_fs_read(path, &b, err) < 0) {
        qc_buf_free(&b);
        return NULL;
    }
    qc_ini *ini = qc_ini_parse(path, b.ptr ? b.ptr : "", b.len, err);
    qc_buf_free(&b);
    return ini;
}

void qc_ini_free(qc_ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->n; i++) {
        free(ini->kv[i].section);
        free(ini->kv[i].key);
        /* Values may be secrets: clear before freeing. */
        memset(ini->kv[i].value, 0, strlen(ini->kv[i].value));
        free(ini->kv[i].value);
    }
    for (size_t i = 0; i < ini->nsec; i++)
        free(ini->sections[i]);
    free(ini->kv);
    free(ini->sections);
    free(ini);
}

const char *qc_ini_get(const qc_ini *ini, const char *section, const char *key)
{
    const ini_kv *kv = ini ? S_find(ini, section, key) : NULL;
    return kv ? kv->value : NULL;
}

int qc_ini_has_section(const qc_ini *ini, const char *section)
{
    for (size_t i = 0; ini && i < ini->nsec; i++)
        if (!strcmp(ini->sections[i], section))
            return 1;
    return 0;
}
