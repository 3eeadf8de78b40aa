/* cli.h - what the subcommands share: exit codes, error printing, the clock.
 *
 * Exit codes are part of the interface (docs/exit-codes.md; the manual
 * page's EXIT STATUS comes from qc_cli_exits); a test triggers each one. */
#ifndef QC_CLI_H
#define QC_CLI_H

#include <stdint.h>

#include "cli/opts.h"
#include "common/err.h"
#include "common/stop.h"

enum {
    QC_EXIT_OK = 0,
    QC_EXIT_FAIL = 1,    /* unexpected failure */
    QC_EXIT_USAGE = 2,   /* bad command line */
    QC_EXIT_INPUT = 3,   /* missing or malformed input; nothing written */
    QC_EXIT_PARTIAL = 4, /* evidence written, but a source failed part-way */
    QC_EXIT_VERIFY = 5,  /* a checksum does not match, or files are missing/extra */
    QC_EXIT_EXISTS = 6,  /* output exists; --force replaces it */
    QC_EXIT_IO = 7,      /* cannot write output */
    QC_EXIT_AWS = 8,     /* an AWS call failed or no credentials were found */
    QC_EXIT_CHECKLIST = 9, /* render --strict: the case still lacks something */
    QC_EXIT_LEAK = 10,   /* something secret-shaped is left in the evidence */
    QC_EXIT_WAITING = 11, /* submit: filed; the case is not open yet (--resume later) */
    QC_EXIT_MANUAL = 12, /* submit: no support plan for Support's API: attach by hand */
    QC_EXIT_REFUSED = 13, /* submit, follow-up: a check refused; nothing was sent */
    QC_EXIT_OPEN = 20,   /* status: the request or case is still open */
    QC_EXIT_DENIED = 21, /* status: denied, not approved, or closed without the increase */
    QC_EXIT_INVALID = 22, /* status: Service Quotas found the request invalid */
    QC_EXIT_INTERRUPTED = 130, /* stopped by Ctrl-C; what was complete is written */
};

/* What each exit code means, one entry per code above, in order: the
 * manual page's EXIT STATUS is printed from it. */
typedef struct qc_cli_exit {
    int code;
    const char *meaning;
} qc_cli_exit;
extern const qc_cli_exit qc_cli_exits[];
extern const size_t qc_cli_nexits;

/* One row of the command list: `quotacase NAME` runs run(). */
typedef struct qc_cli_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line, for the list */
} qc_cli_cmd;
/* The command list (cli/main.c), in the order --help shows it. */
const qc_cli_cmd *qc_cli_commands(size_t *n);

/* Prints "quotacase: error: <message>" on stderr, redacted, and returns the exit code. */
int qc_cli_fail(const qc_err *err);
struct qc_redactor;
/* The same through the run's redactor, so its placeholders match the files'. */
int qc_cli_fail_r(const qc_err *err, struct qc_redactor *r);

/* The options --redact, --redact-file and --redaction-map, as rows for a
 * command's table (QC_CLI_REDACT_OPTS), and the redactor they describe,
 * with the map loaded from --redaction-map or from beside evidence_dir
 * (*map_path: where to save it; free() it).  NULL on a bad word or map. */
#define QC_CLI_REDACT_OPTS                                                                      \
    {"--redact", "WORD", 1, "also redact this word wherever it appears"},        \
    {"--redact-file", "FILE", 1, "words to redact, one per line; 're:' starts a PCRE2 pattern"}, \
    {"--redaction-map", "FILE", 0,                                                              \
     "placeholders to reuse and extend (default: beside the evidence directory)"}
/* The options of how AWS is called (read by qc_cli_aws_opts), as rows for
 * a command's table; --profile, --region and --assume-role are each
 * command's own (their help and whether they repeat differ). */
#define QC_CLI_AWS_CALL_OPTS                                                                    \
    {"--endpoint-url", "URL", 0, "send every AWS call to this endpoint"},                       \
    {"--cli-connect-timeout", "SECONDS", 0, "AWS connection timeout (default 5)"},              \
    {"--cli-read-timeout", "SECONDS", 0, "time allowed for one AWS call (default 60)"},         \
    {"--verbose", NULL, 0, "each AWS call on stderr (never the secrets)"},                      \
    {"--mfa-code", "CODE", 0, "MFA code for a role with mfa_serial (else asked)"}
struct qc_redactor *qc_cli_redactor(const qc_opts *o, const char *evidence_dir, char **map_path,
                                    qc_err *err);
/* printf through the redactor (r NULL: a redactor of its own). */
void qc_cli_say(struct qc_redactor *r, FILE *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The flag SIGINT and SIGTERM set (to the signal's number), read between
 * calls and during waits so the command stops where what it has is
 * complete; qc_cli_on_stop installs the handler (no SA_RESTART: a blocking
 * call returns). */
qc_stop_flag *qc_cli_stop_flag(void);
int qc_cli_stopped(void); /* the signal's number, or 0 */
void qc_cli_on_stop(void);
/* The run's "now": --now, else SOURCE_DATE_EPOCH, else the clock.  -1 on a bad value. */
int qc_cli_now(const char *opt, int64_t *ms, qc_err *err);
struct qc_tz;
/* --log-timezone into *zone (NULL, meaning UTC, when it is not given; else
 * qc_tz_free it), zone names read from $TZDIR or tzdata's usual directory as
 * glibc does.  -1 on a bad value, with err saying so after "<cmd>: " (cmd may
 * be NULL). */
int qc_cli_log_zone(const qc_opts *o, const char *cmd, struct qc_tz **zone, qc_err *err);
/* The window of --days, --start and --end (collect's rules, errors under
 * cmd's name): both QC_TIME_NONE when none is given; *origin "--days",
 * "--start" (to now) or "--start/--end". */
int qc_cli_window(const qc_opts *o, const char *cmd, int64_t now, int64_t *start_ms,
                  int64_t *end_ms, const char **origin, qc_err *err);
/* Parses a subcommand's options (argv[2] on).  Returns 1 when the command
 * should go on; 0 when it is done (help printed, or the error reported),
 * with *code set and o already freed. */
int qc_cli_start(qc_opts *o, const qc_cmddef *cmd, int argc, char **argv, int *code);

/* Each subcommand gets the whole command line: argv[0] is the program,
 * argv[1] the subcommand, options from argv[2] on. */
int qc_cmd_collect(int argc, char **argv);
int qc_cmd_verify(int argc, char **argv);
int qc_cmd_debug(int argc, char **argv);
int qc_cmd_demo(int argc, char **argv);
int qc_cmd_init(int argc, char **argv);
int qc_cmd_render(int argc, char **argv);
int qc_cmd_template(int argc, char **argv);
int qc_cmd_bundle(int argc, char **argv);
int qc_cmd_whoami(int argc, char **argv);
int qc_cmd_submit(int argc, char **argv);
int qc_cmd_status(int argc, char **argv);
int qc_cmd_follow_up(int argc, char **argv);
int qc_cmd_iam_policy(int argc, char **argv);
int qc_cmd_doctor(int argc, char **argv);
/* collect as `demo` runs it: inputs under the directory `real` are named as
 * under `shown` in the evidence (see qc_collect_opts.names_real). */
int qc_cmd_collect_named(int argc, char **argv, const char *real, const char *shown);

struct qc_aws_opts;
/* --profile, --region, --endpoint-url, timeouts and --verbose into client options. */
int qc_cli_aws_opts(const qc_opts *o, struct qc_aws_opts *out, qc_err *err);

extern const qc_cmddef qc_cmd_collect_def;
extern const qc_cmddef qc_cmd_verify_def;
extern const qc_cmddef qc_cmd_demo_def;
extern const qc_cmddef qc_cmd_init_def;
extern const qc_cmddef qc_cmd_render_def;
extern const qc_cmddef qc_cmd_template_def;
extern const qc_cmddef qc_cmd_bundle_def;
extern const qc_cmddef qc_cmd_whoami_def;
extern const qc_cmddef qc_cmd_submit_def;
extern const qc_cmddef qc_cmd_status_def;
extern const qc_cmddef qc_cmd_follow_up_def;
extern const qc_cmddef qc_cmd_iam_def;
extern const qc_cmddef qc_cmd_doctor_def;
extern const qc_cmddef qc_cmd_debug_scan_def;
extern const qc_cmddef qc_cmd_debug_import_def;
extern const qc_cmddef qc_cmd_debug_sign_def;
extern const qc_cmddef qc_cmd_debug_man_def;
extern const qc_cmddef qc_cmd_debug_completion_def;

#endif
