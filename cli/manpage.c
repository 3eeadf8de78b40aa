/* manpage.c - quotacase(1), written from the option tables; see docs.h.
 *
 * Everything taken from a table goes through S_text, which makes it inert
 * roff: a '.' or '\'' opening a line would be read as a request, a backslash
 * as an escape, and a bare '-' may be typeset as a hyphen (U+2010) that
 * cannot be pasted back into a shell, so each is escaped.  Non-ASCII text
 * becomes \[uXXXX], so the page needs no input encoding.  Only the man(7)
 * macros that groff and mandoc both know are used; `groff -man -ww` and
 * `mandoc -T lint` should stay silent (tests/docs_test.sh runs groff). */
#include <stdint.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/docs.h"

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length. */
static size_t S_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    if (len > n)
        len = 1;
    *cp = len == 1 ? s[0] : s[0] & (0x3F >> (len - 1));
    for (size_t i = 1; i < len; i++)
        *cp = (*cp << 6) | (s[i] & 0x3F);
    return len;
}

/* Writes one character of table text, escaped (see the top). */
static size_t S_char(FILE *f, const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 0x80) {
        uint32_t cp;
        size_t len = S_utf8((const unsigned char *)s, n, &cp);
        fprintf(f, "\\[u%04X]", (unsigned)cp);
        return len;
    }
    switch (c) {
    case '\\': fputs("\\e", f); break;
    case '-': fputs("\\-", f); break;
    case '"': fputs("\\(dq", f); break;
    case '\'': fputs("\\(aq", f); break;
    case '`': fputs("\\(ga", f); break;
    case '\n': fputc(' ', f); break;
    default: fputc(c, f);
    }
    return 1;
}

/* Text inside a line: a macro's argument or a tag (line breaks become spaces). */
static void S_inline(FILE *f, const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;)
        i += S_char(f, s + i, n - i);
}

/* Text for a filled paragraph, ending its line.  A line break in the text is
 * kept as one (roff joins the lines anyway); an empty line starts a new
 * paragraph; blanks that open a line are dropped, as they would break the
 * fill. */
static void S_text(FILE *f, const char *s)
{
    int bol = 1;
    for (size_t i = 0, n = strlen(s); i < n;) {
        char c = s[i];
        if (bol && (c == ' ' || c == '\t')) {
            i++;
        } else if (bol && c == '\n') {
            fputs(".PP\n", f);
            i++;
        } else if (c == '\n') {
            fputc('\n', f);
            bol = 1;
            i++;
        } else {
            if (bol && (c == '.' || c == '\''))
                fputs("\\&", f);
            bol = 0;
            i += S_char(f, s + i, n - i);
        }
    }
    if (!bol)
        fputc('\n', f);
}

/* Lines for a .nf block: spaces kept, each line ended by its '\n'. */
static void S_lines(FILE *f, const char *s)
{
    int bol = 1;
    for (size_t i = 0, n = strlen(s); i < n;) {
        if (s[i] == '\n') {
            fputc('\n', f);
            bol = 1;
            i++;
            continue;
        }
        if (bol && (s[i] == '.' || s[i] == '\''))
            fputs("\\&", f);
        bol = 0;
        i += S_char(f, s + i, n - i);
    }
}

/* A line of prose written here, not taken from a table: the same escaping. */
static void S_para(FILE *f, const char *s)
{
    fputs(".PP\n", f);
    S_text(f, s);
}

/* "\fB--name\fR \fIARG\fR" as a .TP tag, then the help as its paragraph. */
static void S_option(FILE *f, const qc_optdef *o)
{
    fputs(".TP\n\\fB", f);
    S_inline(f, o->name);
    if (o->arg) {
        fputs("\\fR \\fI", f);
        S_inline(f, o->arg);
    }
    fputs("\\fR\n", f);
    S_text(f, o->help);
    if (o->many)
        fputs("(repeatable)\n", f);
}

static void S_heading(FILE *f, const char *macro, const char *text)
{
    fprintf(f, ".%s \"", macro);
    S_inline(f, text);
    fputs("\"\n", f);
}

static void S_command(FILE *f, const qc_docs *d, const qc_docs_cmd *c)
{
    if (!c->def) {
        /* A command of commands: name them; each has its own section. */
        char usage[128];
        snprintf(usage, sizeof usage, "quotacase %s COMMAND [options]", c->name);
        S_heading(f, "SS", usage);
        S_text(f, c->summary);
        fputs(".RS\n", f);
        size_t len = strlen(c->name);
        for (size_t i = 0; i < d->ncmds; i++)
            if (!strncmp(d->cmds[i].name, c->name, len) && d->cmds[i].name[len] == ' ') {
                fputs(".TP 12n\n\\fB", f);
                S_inline(f, d->cmds[i].name + len + 1);
                fputs("\\fR\n", f);
                S_text(f, d->cmds[i].summary);
            }
        fputs(".RE\n", f);
        return;
    }
    S_heading(f, "SS", c->def->usage);
    S_text(f, c->def->summary);
    for (size_t i = 0; i < c->def->nopts; i++)
        S_option(f, &c->def->opts[i]);
}

/* Every variable the code reads (tests/docs_test.sh greps the sources). */
typedef struct envdoc {
    const char *names, *meaning;
} envdoc;

static const envdoc S_env[] = {
    {"AWS_PROFILE, AWS_DEFAULT_PROFILE",
     "the profile in the shared files when --profile is not given (else default)"},
    {"AWS_REGION, AWS_DEFAULT_REGION",
     "the region when --region is not given, before the profile's region"},
    {"AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE",
     "the shared config and credentials files (default ~/.aws/config and "
     "~/.aws/credentials; a leading ~/ is the home directory)"},
    {"AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
     "credentials, tried first unless --profile is given; one of the pair without the "
     "other is an error. AWS_SECURITY_TOKEN is read when AWS_SESSION_TOKEN is not set, "
     "and AWS_CREDENTIAL_EXPIRATION says when they expire"},
    {"AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME",
     "a web identity token to exchange for the role's credentials"},
    {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI",
     "container credentials, with AWS_CONTAINER_AUTHORIZATION_TOKEN or "
     "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"},
    {"AWS_EC2_METADATA_DISABLED, AWS_EC2_METADATA_SERVICE_ENDPOINT, "
     "AWS_EC2_METADATA_V1_DISABLED",
     "EC2 instance metadata: true turns it off; another endpoint; no fallback from the "
     "IMDSv2 token"},
    {"AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>",
     "where to send calls when --endpoint-url is not given (SERVICE: STS, CLOUDWATCH, "
     "SERVICE_QUOTAS, CLOUDWATCH_LOGS, SUPPORT, SSO, SSO_OIDC); "
     "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores these and the profile's"},
    {"AWS_CA_BUNDLE", "a CA bundle to verify TLS with, instead of the system's"},
    {"AWS_MAX_ATTEMPTS, AWS_RETRY_MODE",
     "attempts per call (default 3) and the retry mode (standard, adaptive, legacy)"},
    {"https_proxy, no_proxy", "proxies, as libcurl reads them"},
    {"HOME", "where ~/.aws is"},
    {"TZDIR", "where the tzdata zone files for --log-timezone names are (default "
              "/usr/share/zoneinfo)"},
    {"SOURCE_DATE_EPOCH",
     "the run's clock, in seconds since 1970, when --now is not given: the same input "
     "then gives the same evidence"},
    {"QUOTACASE_RETRY_BASE_MS, QUOTACASE_POLL_BASE_MS",
     "the first pause of the retry backoff and of submit's polling, in milliseconds "
     "(for tests)"},
};

typedef struct filedoc {
    const char *path, *meaning;
} filedoc;

static const filedoc S_files[] = {
    {"~/.aws/config, ~/.aws/credentials",
     "the aws CLI's shared config and credentials files: profiles, roles, IAM Identity "
     "Center sessions, keys"},
    {"~/.aws/sso/cache/", "IAM Identity Center tokens that aws sso login left (refreshed "
                          "near their expiry)"},
    {"~/.aws/cli/cache/", "assumed-role credentials, under the key the aws CLI uses, so "
                          "either reuses the other's"},
    {"evidence/CASE-ID/", "collect's evidence directory (default --out); manifest.json holds "
                          "the sha256 of every file"},
    {"evidence/CASE-ID.redaction-map.json",
     "what each placeholder stands for (mode 0600): keep it, never send it"},
};

/* A .TP tag naming several things ("A, B"): one line each (.TQ). */
static void S_tags(FILE *f, const char *font, const char *names)
{
    const char *macro = ".TP";
    while (*names) {
        size_t n = strcspn(names, ",");
        fprintf(f, "%s\n\\f%s", macro, font);
        for (size_t i = 0; i < n;)
            i += S_char(f, names + i, n - i);
        fputs("\\fR\n", f);
        names += n;
        names += strspn(names, ", ");
        macro = ".TQ";
    }
}

static void S_environment(FILE *f)
{
    fputs(".SH ENVIRONMENT\n", f);
    for (size_t i = 0; i < sizeof S_env / sizeof *S_env; i++) {
        S_tags(f, "B", S_env[i].names);
        S_text(f, S_env[i].meaning);
    }
}

static void S_filelist(FILE *f, const qc_docs *d)
{
    fputs(".SH FILES\n", f);
    for (size_t i = 0; i < sizeof S_files / sizeof *S_files; i++) {
        S_tags(f, "I", S_files[i].path);
        S_text(f, S_files[i].meaning);
    }
    fputs(".TP\n\\fI", f);
    S_inline(f, d->datadir);
    fputs("/quotacase/examples/\\fR\n", f);
    S_text(f, "the example demo reads when there is no examples/ directory where it runs "
              "(looked for first beside the program, in ../share/quotacase/examples)");
}

static void S_head(FILE *f, const qc_docs *d)
{
    fputs(".\\\" Generated by `quotacase debug man` from the option tables: do not edit.\n", f);
    fputs(".TH QUOTACASE 1 \"", f);
    S_inline(f, d->date);
    fputs("\" \"quotacase ", f);
    S_inline(f, d->version);
    fputs("\" \"User Commands\"\n", f);
    /* Option names and paths must not be split by hyphenation, nor spread
     * out by justification. */
    fputs(".nh\n.ad l\n", f);
}

static void S_synopsis(FILE *f)
{
    fputs(".SH SYNOPSIS\n"
          ".B quotacase\n.I command\n.RI [ options ]\n.br\n"
          ".B quotacase\n.I command\n.B \\-\\-help\n.br\n"
          ".B quotacase \\-\\-version\n", f);
}

static void S_description(FILE *f, const qc_docs *d)
{
    fputs(".SH DESCRIPTION\n", f);
    S_text(f, "quotacase gathers the measure an AWS quota increase for Amazon Bedrock needs: "
              "the application's throttling log lines, CloudWatch AWS/Bedrock metrics and "
              "Service Quotas values (from AWS, or from aws CLI exports), into an evidence "
              "directory whose manifest holds the sha256 of every file.");
    S_para(f, "render turns the evidence and a case file (the use case, impact and "
              "architecture only you know) into a support case in Markdown, HTML and plain "
              "text with a workbook; bundle packs it into a reproducible archive, verify "
              "checks one, and submit files the increase and puts the evidence on its case.");
    S_para(f, "Everything written or printed is redacted first: keys, tokens, e-mail "
              "addresses, phone numbers, IP addresses and prompts become placeholders such as "
              "[email-1], the same in every file. Progress and errors go to standard error, "
              "data and paths to standard output. Every command takes --help.");
    S_para(f, "A whole run by hand:");
    fputs(".PP\n.RS\n.nf\n", f);
    S_lines(f, "quotacase init --out case.json\n"
               "quotacase collect --case case.json --days 7 \\\n"
               "    --logs /var/log/app --import exports/\n"
               "quotacase render --case case.json evidence/CASE-ID\n"
               "quotacase bundle evidence/CASE-ID\n"
               "quotacase verify evidence/CASE-ID.tar.gz\n"
               "quotacase submit --dry-run evidence/CASE-ID\n"
               "quotacase submit evidence/CASE-ID\n"
               "quotacase status --watch evidence/CASE-ID\n");
    fputs(".fi\n.RE\n", f);
    S_para(f, "quotacase demo does the same with the example installed in");
    fputs("\\fI", f);
    S_inline(f, d->datadir);
    fputs("/quotacase/examples\\fR,\n", f);
    S_text(f, "writing evidence/example in the current directory.");
}

static void S_exits(FILE *f)
{
    fputs(".SH \"EXIT STATUS\"\n", f);
    for (size_t i = 0; i < qc_cli_nexits; i++) {
        fprintf(f, ".TP\n.B %d\n", qc_cli_exits[i].code);
        S_text(f, qc_cli_exits[i].meaning);
    }
    S_para(f, "Any other code is a bug. An error is one line on standard error, "
              "\"quotacase: error: ...\", naming the file and line, the JSON member, or the AWS "
              "call and its request id.");
}

void qc_docs_man(FILE *f, const qc_docs *d)
{
    S_head(f, d);
    fputs(".SH NAME\n", f);
    fputs("quotacase \\- build the evidence for an AWS quota increase from Bedrock "
          "throttling\n", f);
    S_synopsis(f);
    S_description(f, d);
    fputs(".SH COMMANDS\n", f);
    for (size_t i = 0; i < d->ncmds; i++)
        S_command(f, d, &d->cmds[i]);
    S_exits(f);
    S_environment(f);
    S_filelist(f, d);
    fputs(".SH \"SEE ALSO\"\n.BR aws (1)\n", f);
}
