#include "langfmt.h"

#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"

static int S_swaps_marks(const char *lang)
{
    return lang && (!strcmp(lang, "pt") || !strncmp(lang, "pt-", 3));
}

/* "12,345.67" -> "12.345,67": the two marks trade places, nothing else. */
static void S_swap(json_t *s)
{
    char *t = qc_strdup(json_string_value(s));
    for (char *p = t; *p; p++)
        *p = *p == ',' ? '.' : *p == '.' ? ',' : *p;
    json_string_set(s, t);
    free(t);
}

static void S_walk(json_t *v)
{
    size_t i;
    json_t *x;
    if (json_is_array(v)) {
        json_array_foreach(v, i, x) S_walk(x);
        return;
    }
    if (!json_is_object(v))
        return;
    const char *k;
    json_object_foreach(v, k, x)
    {
        size_t n = strlen(k);
        if (json_is_string(x) && n > 5 && !strcmp(k + n - 5, "_text")) {
            char base[256];
            if (n - 5 < sizeof base) {
                memcpy(base, k, n - 5);
                base[n - 5] = '\0';
                if (json_is_number(json_object_get(v, base)))
                    S_swap(x);
            }
        } else {
            S_walk(x);
        }
    }
}

void qc_langfmt_apply(json_t *model, const char *lang)
{
    if (S_swaps_marks(lang))
        S_walk(model);
}

json_t *qc_langfmt_view(const json_t *model, const char *lang)
{
    if (!S_swaps_marks(lang))
        return json_incref((json_t *)model);
    json_t *copy = json_deep_copy(model);
    S_walk(copy);
    return copy;
}
