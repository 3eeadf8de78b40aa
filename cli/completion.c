/* completion.c - bash and zsh completion, written from the option tables;
 * see docs.h.
 *
 * What a value is comes from its metavariable, as --help shows it: one that
 * names a FILE (or a BUNDLE, or has an extension: DATA.json) completes file
 * names, one that names only a DIR completes directories, lower-case words
 * ("bash|zsh") complete as themselves, anything else (NAME, SECONDS)
 * completes nothing rather than file names that would be wrong.  A
 * command's operands come from its usage line the same way.  The scripts
 * need nothing but the shell: bash 4 (mapfile, compgen) and zsh's compsys. */
#include <ctype.h>
#include <string.h>

#include "cli/docs.h"

typedef enum { S_ANY, S_FILE, S_DIR, S_WORDS } kind;

static int S_has(const char *s, size_t n, const char *what)
{
    size_t w = strlen(what);
    for (size_t i = 0; i + w <= n; i++)
        if (!memcmp(s + i, what, w))
            return 1;
    return 0;
}

static kind S_kind(const char *m, size_t n)
{
    if (S_has(m, n, "FILE") || S_has(m, n, "BUNDLE") || memchr(m, '.', n))
        return S_FILE;
    if (S_has(m, n, "DIR"))
        return S_DIR;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)m[i]) && m[i] != '|' && m[i] != '-')
            return S_ANY;
    return n ? S_WORDS : S_ANY;
}

/* The first operand's metavariable in the usage line, brackets and "..."
 * dropped: "quotacase render [options] [DIR]" gives "DIR".  Options shown in
 * the usage ("--evidence NEWDIR") are skipped with their value. */
static const char *S_operand(const qc_cmddef *def, size_t *len)
{
    if (!def || !def->max_positional)
        return NULL;
    const char *p = def->usage;
    /* "quotacase" and each word of the command's name */
    for (size_t words = 1 + (strchr(def->name, ' ') ? 2 : 1); words && *p; words--) {
        p += strcspn(p, " ");
        p += strspn(p, " ");
    }
    while (*p) {
        size_t n = strcspn(p, " ");
        if (!strncmp(p, "[options]", n) && n == 9) {
            /* not an operand */
        } else if (p[0] == '-') {
            p += n;
            p += strspn(p, " ");
            n = strcspn(p, " ");
        } else {
            const char *m = p + (*p == '[');
            size_t k = (size_t)(p + n - m);
            while (k && (m[k - 1] == ']' || m[k - 1] == '.'))
                k--;
            *len = k;
            return m;
        }
        p += n;
        p += strspn(p, " ");
    }
    return NULL;
}

/* A name usable in a shell function's name: "debug scan" -> "debug_scan". */
static void S_ident(FILE *f, const char *name)
{
    for (; *name; name++)
        fputc(isalnum((unsigned char)*name) ? *name : '_', f);
}

static int S_is_sub(const qc_docs_cmd *c, const char *parent)
{
    size_t n = strlen(parent);
    return !strncmp(c->name, parent, n) && c->name[n] == ' ';
}

/* ---- bash ---- */

/* Words of a lower-case metavariable, for compgen -W: "bash|zsh" -> "bash zsh". */
static void S_words(FILE *f, const char *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(m[i] == '|' ? ' ' : m[i], f);
}

/* After an option that takes a value: what the value completes to. */
static void S_bash_values(FILE *f, const qc_cmddef *def)
{
    static const char *const action[] = {"return", "_quotacase_files -f; return",
                                         "_quotacase_files -d; return"};
    int any = 0;
    for (int k = S_ANY; k <= S_WORDS; k++) {
        int n = 0;
        for (size_t i = 0; i < def->nopts; i++) {
            const qc_optdef *o = &def->opts[i];
            size_t len = o->arg ? strlen(o->arg) : 0;
            if (!o->arg || S_kind(o->arg, len) != (kind)k)
                continue;
            if (!any++)
                fputs("        case $prev in\n", f);
            if (k == S_WORDS) { /* each its own words */
                fprintf(f, "            %s) _quotacase_words '", o->name);
                S_words(f, o->arg, len);
                fputs("'; return ;;\n", f);
                continue;
            }
            fprintf(f, "%s%s", n++ ? "|" : "            ", o->name);
        }
        if (n)
            fprintf(f, ") %s ;;\n", action[k]);
    }
    if (any)
        fputs("        esac\n", f);
}

static void S_bash_cmd(FILE *f, const qc_docs_cmd *c)
{
    fprintf(f, "    '%s')\n        opts='", c->name);
    for (size_t i = 0; i < c->def->nopts; i++)
        fprintf(f, "%s ", c->def->opts[i].name);
    fputs("--help'\n", f);
    S_bash_values(f, c->def);
    size_t n = 0;
    const char *m = S_operand(c->def, &n);
    kind k = m ? S_kind(m, n) : S_ANY;
    if (!m)
        fputs("        operands=\n", f);
    else if (k == S_DIR)
        fputs("        operands=-d\n", f);
    else if (k == S_WORDS)
    {
        fputs("        operands=-W; words='", f);
        S_words(f, m, n);
        fputs("'\n", f);
    }
    else
        fputs("        operands=-f\n", f);
    fputs("        ;;\n", f);
}

static void S_bash_words(FILE *f, const qc_docs *d, const char *parent)
{
    for (size_t i = 0; i < d->ncmds; i++) {
        const qc_docs_cmd *c = &d->cmds[i];
        if (!parent && !strchr(c->name, ' '))
            fprintf(f, "%s ", c->name);
        else if (parent && S_is_sub(c, parent))
            fprintf(f, "%s ", c->name + strlen(parent) + 1);
    }
}

void qc_docs_bash(FILE *f, const qc_docs *d)
{
    fputs("# bash completion for quotacase(1): written by `quotacase debug completion bash`\n"
          "# from the option tables, as --help is: do not edit.\n\n"
          "_quotacase_files()\n{\n"
          "    # -o filenames: a / after directories, and names quoted for the shell\n"
          "    compopt -o filenames 2>/dev/null\n"
          "    mapfile -t COMPREPLY < <(compgen \"$1\" -- \"$cur\")\n}\n\n"
          "_quotacase_words()\n{\n"
          "    mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\")\n}\n\n"
          "_quotacase()\n{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    local cmd=${COMP_WORDS[1]} opts= operands= words=\n"
          "    COMPREPLY=()\n"
          "    # --opt=value: bash splits at the '=' (COMP_WORDBREAKS)\n"
          "    if [ \"$cur\" = = ]; then\n        cur=\n"
          "    elif [ \"$prev\" = = ] && [ \"$COMP_CWORD\" -ge 3 ]; then\n"
          "        prev=${COMP_WORDS[COMP_CWORD-2]}\n    fi\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "        _quotacase_words '", f);
    S_bash_words(f, d, NULL);
    fputs("--help --version'\n        return\n    fi\n", f);
    for (size_t i = 0; i < d->ncmds; i++) {
        const qc_docs_cmd *c = &d->cmds[i];
        if (c->def)
            continue;
        /* A command of commands: its own word first, then its command's options. */
        fprintf(f, "    if [ \"$cmd\" = '%s' ]; then\n"
                   "        if [ \"$COMP_CWORD\" -eq 2 ]; then\n"
                   "            _quotacase_words '", c->name);
        S_bash_words(f, d, c->name);
        fprintf(f, "--help'\n            return\n        fi\n"
                   "        cmd=\"%s ${COMP_WORDS[2]}\"\n    fi\n", c->name);
    }
    fputs("    case $cmd in\n", f);
    for (size_t i = 0; i < d->ncmds; i++)
        if (d->cmds[i].def)
            S_bash_cmd(f, &d->cmds[i]);
    fputs("    *) return ;;\n    esac\n"
          "    case $cur in\n"
          "    -*) _quotacase_words \"$opts\" ;;\n"
          "    *)\n"
          "        case $operands in\n"
          "        -W) _quotacase_words \"$words\" ;;\n"
          "        -?) _quotacase_files \"$operands\" ;;\n"
          "        esac\n"
          "        ;;\n"
          "    esac\n"
          "}\n\n"
          "complete -F _quotacase quotacase\n", f);
}

/* ---- zsh ---- */

/* Text inside a single-quoted zsh word, and inside _arguments' [...] or
 * _describe's "name:description", where ']', ':' and '\' are special. */
static void S_zsh_text(FILE *f, const char *s, int colon)
{
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", f);
        else if (*s == '\n')
            fputc(' ', f);
        else {
            if (*s == ']' || *s == '[' || *s == '\\' || (colon && *s == ':'))
                fputc('\\', f);
            fputc(*s, f);
        }
    }
}

static void S_zsh_option(FILE *f, const qc_optdef *o)
{
    static const char *const action[] = {" ", "_files", "_files -/"};
    fprintf(f, "    '%s%s%s[", o->many ? "*" : "", o->name, o->arg ? "=" : "");
    S_zsh_text(f, o->help, 0);
    fputc(']', f);
    if (o->arg) {
        fputc(':', f);
        S_zsh_text(f, o->arg, 1);
        size_t len = strlen(o->arg);
        kind k = S_kind(o->arg, len);
        if (k == S_WORDS) {
            fputs(":(", f);
            S_words(f, o->arg, len);
            fputc(')', f);
        } else {
            fprintf(f, ":%s", action[k]);
        }
    }
    fputs("' \\\n", f);
}

static void S_zsh_cmd(FILE *f, const qc_docs_cmd *c)
{
    fputs("_quotacase_", f);
    S_ident(f, c->name);
    fputs("()\n{\n    _arguments -S \\\n", f);
    for (size_t i = 0; i < c->def->nopts; i++)
        S_zsh_option(f, &c->def->opts[i]);
    size_t n = 0;
    const char *m = S_operand(c->def, &n);
    if (m) {
        kind k = S_kind(m, n);
        fprintf(f, "    '%s:%.*s:", c->def->max_positional > 1 ? "*" : "", (int)n, m);
        if (k == S_WORDS) {
            fputc('(', f);
            S_words(f, m, n);
            fputc(')', f);
        } else {
            fputs(k == S_DIR ? "_files -/" : "_files", f);
        }
        fputs("' \\\n", f);
    }
    fputs("    '(- *)--help[the options of this command]'\n}\n\n", f);
}

static void S_zsh_list(FILE *f, const qc_docs *d, const char *parent, int indent)
{
    fprintf(f, "%*slocal -a cmds\n%*scmds=(\n", indent, "", indent, "");
    for (size_t i = 0; i < d->ncmds; i++) {
        const qc_docs_cmd *c = &d->cmds[i];
        if (parent ? !S_is_sub(c, parent) : strchr(c->name, ' ') != NULL)
            continue;
        fprintf(f, "%*s'", indent + 4, "");
        S_zsh_text(f, parent ? c->name + strlen(parent) + 1 : c->name, 1);
        fputc(':', f);
        S_zsh_text(f, c->summary, 0);
        fputs("'\n", f);
    }
    fprintf(f, "%*s)\n", indent, "");
}

static void S_zsh_dispatch(FILE *f, const qc_docs *d, const char *parent)
{
    fputs("    case $words[1] in\n", f);
    for (size_t i = 0; i < d->ncmds; i++) {
        const qc_docs_cmd *c = &d->cmds[i];
        if (parent ? !S_is_sub(c, parent) : strchr(c->name, ' ') != NULL)
            continue;
        const char *word = parent ? c->name + strlen(parent) + 1 : c->name;
        if (c->def) {
            fprintf(f, "    '%s') _quotacase_", word);
            S_ident(f, c->name);
            fputs(" ;;\n", f);
            continue;
        }
        fprintf(f, "    '%s')\n        if (( CURRENT == 2 )); then\n", word);
        S_zsh_list(f, d, c->name, 12);
        fprintf(f, "            _describe -t commands 'quotacase %s command' cmds\n"
                   "            return\n        fi\n"
                   "        shift words; (( CURRENT-- ))\n", c->name);
        fprintf(f, "        _quotacase_");
        S_ident(f, c->name);
        fputs(" ;;\n", f);
    }
    fputs("    esac\n", f);
}

void qc_docs_zsh(FILE *f, const qc_docs *d)
{
    fputs("#compdef quotacase\n"
          "# zsh completion for quotacase(1): written by `quotacase debug completion zsh`\n"
          "# from the option tables, as --help is: do not edit.\n\n", f);
    for (size_t i = 0; i < d->ncmds; i++)
        if (d->cmds[i].def)
            S_zsh_cmd(f, &d->cmds[i]);
    /* Commands of commands: their words after the command's. */
    for (size_t i = 0; i < d->ncmds; i++) {
        if (d->cmds[i].def)
            continue;
        fputs("_quotacase_", f);
        S_ident(f, d->cmds[i].name);
        fputs("()\n{\n", f);
        S_zsh_dispatch(f, d, d->cmds[i].name);
        fputs("}\n\n", f);
    }
    fputs("_quotacase()\n{\n    if (( CURRENT == 2 )); then\n", f);
    S_zsh_list(f, d, NULL, 8);
    fputs("        if [[ $PREFIX == -* ]]; then\n"
          "            compadd -- --help --version\n"
          "        else\n"
          "            _describe -t commands 'quotacase command' cmds\n"
          "        fi\n"
          "        return\n    fi\n"
          "    # From here on words[1] is the command and its options follow.\n"
          "    shift words; (( CURRENT-- ))\n", f);
    S_zsh_dispatch(f, d, NULL);
    fputs("}\n\n_quotacase \"$@\"\n", f);
}
