/* fleet.c - `collect` over several accounts and regions; see fleet.h.
 *
 * The identities are asked one after the other first (an MFA prompt or an
 * SSO refresh happens once, on the terminal, and the credentials land in
 * the aws CLI's caches for the collections).  Then each account and region
 * is a `collect` of its own in a child process, at most --jobs at once:
 * AWS's API rate limits are per account and region, so the children share
 * no budget, and one child's failure leaves the others' evidence whole. */
#include "cli/fleet.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "collector/aws/client.h"
#include "collector/aws/sts.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/fs.h"
#include "common/qtime.h"
#include "common/redact.h"
#include "report/fleet.h"

/* Options a child gets from the fleet's own values, not passed through. */
static const char *const S_own[] = {"--region", "--profile", "--assume-role", "--out",
                                    "--jobs",   "--quiet",   NULL};
/* Options that belong to one account and region. */
static const char *const S_single[] = {"--logs", "--import", "--case", "--redaction-map",
                                       "--plan", "--offline", NULL};

static volatile sig_atomic_t S_stop;

static void S_on_signal(int sig)
{
    S_stop = sig;
}

typedef struct source {
    const char *profile, *role; /* borrowed from argv */
    char label[600];
    char account[64];
    char *error;
} source;

typedef struct job {
    const source *src;
    const char *region;
    char *dir, *name, *log;
    pid_t pid;
    int code; /* exit code; -1 not run */
} job;

static int S_listed(const char *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(name, list[i]))
            return 1;
    return 0;
}

int qc_fleet_wanted(const qc_opts *o)
{
    const char *const *v;
    return qc_opts_all(o, "--region", &v) > 1 || qc_opts_all(o, "--profile", &v) > 1 ||
           qc_opts_all(o, "--assume-role", &v) > 1;
}

static int S_check(const qc_opts *o, qc_err *err)
{
    const char *const *v;
    for (size_t i = 0; S_single[i]; i++)
        if (qc_opts_all(o, S_single[i], &v))
            return qc_err_set(err, QC_EUSAGE, "collect: %s goes with one account and one region; "
                              "a collection over several takes --model and --log-group",
                              S_single[i]);
    if (!qc_opts_all(o, "--model", &v) && !qc_opts_all(o, "--log-group", &v))
        return qc_err_set(err, QC_EUSAGE, "collect: nothing to collect in each account and "
                          "region: give --model or --log-group");
    if (qc_opts_all(o, "--assume-role", &v) && qc_opts_all(o, "--profile", &v) > 1)
        return qc_err_set(err, QC_EUSAGE, "collect: --assume-role takes its roles from one "
                          "--profile (or the default credentials), not several");
    return 0;
}

/* The credential sources: each role, else each profile, else the default. */
static source *S_sources(const qc_opts *o, size_t *n)
{
    const char *const *roles, *const *profiles;
    size_t nr = qc_opts_all(o, "--assume-role", &roles);
    size_t np = qc_opts_all(o, "--profile", &profiles);
    *n = nr ? nr : np ? np : 1;
    source *s = qc_calloc(*n, sizeof *s);
    for (size_t i = 0; i < *n; i++) {
        s[i].role = nr ? roles[i] : NULL;
        s[i].profile = nr ? (np ? profiles[0] : NULL) : np ? profiles[i] : NULL;
        if (s[i].role)
            snprintf(s[i].label, sizeof s[i].label, "role %s", s[i].role);
        else if (s[i].profile)
            snprintf(s[i].label, sizeof s[i].label, "profile %s", s[i].profile);
        else
            snprintf(s[i].label, sizeof s[i].label, "the default credentials");
    }
    return s;
}

static qc_aws *S_client(const qc_opts *o, const source *s, const char *region, qc_err *err)
{
    qc_aws_opts ao = {0};
    if (qc_cli_aws_opts(o, &ao, err) < 0)
        return NULL;
    ao.profile = s->profile;
    ao.role_arn = s->role;
    ao.region = region;
    ao.stop = &S_stop;
    return qc_aws_new(&ao, err);
}

/* Who each source is; a source whose account another already gave is
 * skipped (its evidence would be the same directory). */
static void S_identities(const qc_opts *o, source *s, size_t n, const char *region)
{
    for (size_t i = 0; i < n && !S_stop; i++) {
        qc_err err;
        qc_err_clear(&err);
        qc_aws *aws = S_client(o, &s[i], region, &err);
        const qc_creds *c = aws ? qc_aws_credentials(aws, &err) : NULL;
        qc_sts_identity id;
        if (c && qc_sts_get_caller_identity(aws, c, &id, &err) == 0)
            snprintf(s[i].account, sizeof s[i].account, "%s", id.account);
        else
            s[i].error = qc_strdup(err.msg);
        qc_aws_free(aws);
        for (size_t k = 0; k < i && s[i].account[0]; k++)
            if (!strcmp(s[k].account, s[i].account)) {
                qc_buf b;
                qc_buf_init(&b, 0);
                qc_buf_printf(&b, "account %s is %s's too: collected once", s[i].account, s[k].label);
                s[i].error = qc_buf_take(&b);
                break;
            }
    }
}

/* The region when none is given: the one the first source's profile or
 * environment names, as a single collect would use. */
static char *S_default_region(const qc_opts *o, const source *s, qc_err *err)
{
    qc_aws *aws = S_client(o, s, NULL, err);
    char *r = aws && qc_aws_region(aws) ? qc_strdup(qc_aws_region(aws)) : NULL;
    qc_aws_free(aws);
    if (aws && !r)
        qc_err_set(err, QC_EUSAGE, "collect: no region: give --region (once per region)");
    return r;
}

/* The child's command line: the fleet's options but its own, then the
 * account and region's. */
static char **S_child_argv(const qc_opts *o, char **argv, const job *j, int *argc)
{
    size_t cap = 16;
    for (size_t i = 0; i < o->cmd->nopts; i++)
        cap += 2 * o->count[i];
    char **a = qc_calloc(cap, sizeof *a);
    int n = 0;
    a[n++] = argv[0];
    a[n++] = "collect";
    for (size_t i = 0; i < o->cmd->nopts; i++) {
        const qc_optdef *d = &o->cmd->opts[i];
        if (S_listed(d->name, S_own))
            continue;
        for (size_t k = 0; k < o->count[i]; k++) {
            a[n++] = (char *)d->name;
            if (d->arg)
                a[n++] = (char *)o->vals[i][k];
        }
    }
    a[n++] = "--region";
    a[n++] = (char *)j->region;
    if (j->src->profile) {
        a[n++] = "--profile";
        a[n++] = (char *)j->src->profile;
    }
    if (j->src->role) {
        a[n++] = "--assume-role";
        a[n++] = (char *)j->src->role;
    }
    a[n++] = "--out";
    a[n++] = j->dir;
    a[n++] = "--quiet";
    *argc = n;
    return a;
}

static void S_spawn(const qc_opts *o, char **argv, job *j)
{
    int cargc;
    char **cargv = S_child_argv(o, argv, j, &cargc);
    int fd = open(j->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    fflush(NULL);
    j->pid = fd < 0 ? -1 : fork();
    if (j->pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        dup2(fd, 1);
        dup2(fd, 2);
        exit(qc_cmd_collect(cargc, cargv));
    }
    if (fd >= 0)
        close(fd);
    if (j->pid < 0)
        j->code = QC_EXIT_IO;
    free(cargv);
}

/* What the child said, each line under its account and region; its last
 * error is the target's. */
static char *S_report(const job *j, qc_redactor *red)
{
    qc_buf log;
    qc_buf_init(&log, (size_t)1 << 20);
    qc_err err;
    qc_err_clear(&err);
    char *last = NULL;
    if (qc_fs_read(j->log, &log, &err) == 0 && log.len) {
        char *save = NULL;
        for (char *l = strtok_r(log.ptr, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            if (!strcmp(l, j->dir))
                continue; /* collect prints its directory; the summary names it */
            const char *msg = !strncmp(l, "quotacase: ", 11) ? l + 11 : l;
            qc_cli_say(red, stderr, "quotacase: %s %s: %s\n", j->src->account, j->region, msg);
            if (!strncmp(msg, "error: ", 7)) {
                free(last);
                last = qc_strdup(msg + 7);
            }
        }
    }
    unlink(j->log);
    qc_buf_free(&log);
    return last;
}

static const char *S_result(int code)
{
    return code == QC_EXIT_OK ? "collected" : code == QC_EXIT_PARTIAL ? "partial"
           : code == QC_EXIT_INTERRUPTED || code == 143 ? "interrupted" : "failed";
}

/* Runs the jobs, at most `par` at once; *errors gets each job's error. */
static void S_run_jobs(const qc_opts *o, char **argv, job *jobs, size_t n, long par,
                       char **errors, qc_redactor *red)
{
    size_t next = 0, running = 0;
    while (next < n || running) {
        while (!S_stop && next < n && running < (size_t)par) {
            S_spawn(o, argv, &jobs[next]);
            running += jobs[next].pid > 0;
            next++;
        }
        if (S_stop && next < n) {
            next = n; /* the rest are not started */
        }
        if (!running)
            continue;
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            /* A signal: pass it on, then keep waiting for what they wrote. */
            for (size_t i = 0; S_stop && i < n; i++)
                if (jobs[i].pid > 0 && jobs[i].code < 0)
                    kill(jobs[i].pid, (int)S_stop);
            continue;
        }
        for (size_t i = 0; i < n; i++)
            if (jobs[i].pid == pid) {
                jobs[i].code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
                errors[i] = S_report(&jobs[i], red);
                running--;
            }
    }
}

static int S_exit_code(const job *jobs, size_t nj, const source *s, size_t ns)
{
    size_t ok = 0, bad = 0;
    int first = 0;
    for (size_t i = 0; i < nj; i++) {
        if (jobs[i].code == QC_EXIT_OK || jobs[i].code == QC_EXIT_PARTIAL)
            ok++;
        if (jobs[i].code != QC_EXIT_OK)
            bad++;
        if (jobs[i].code > 0 && !first)
            first = jobs[i].code;
    }
    for (size_t i = 0; i < ns; i++)
        bad += s[i].error && !s[i].account[0];
    if (S_stop)
        return 128 + (int)S_stop; /* 130, 143: as a single collect */
    if (!ok)
        return first > 0 ? first : QC_EXIT_AWS;
    return bad ? QC_EXIT_PARTIAL : QC_EXIT_OK;
}

/* One summary row per job, and per region for a source without identity. */
static qc_fleet_target *S_targets(const job *jobs, size_t nj, char **errors, const source *s,
                                  size_t ns, const char *const *regions, size_t nreg, size_t *n)
{
    qc_fleet_target *t = qc_calloc(nj + ns * nreg + 1, sizeof *t);
    *n = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t r = 0; s[i].error && r < nreg; r++)
            t[(*n)++] = (qc_fleet_target){s[i].account[0] ? s[i].account : NULL, regions[r],
                                          s[i].label, NULL,
                                          s[i].account[0] ? "skipped" : "failed", s[i].error};
    for (size_t i = 0; i < nj; i++)
        t[(*n)++] = (qc_fleet_target){jobs[i].src->account, jobs[i].region, jobs[i].src->label,
                                      jobs[i].name,
                                      jobs[i].code < 0 ? "interrupted" : S_result(jobs[i].code),
                                      errors[i] ? errors[i]
                                      : jobs[i].code < 0 ? "not started: interrupted" : NULL};
    return t;
}

int qc_fleet_run(const qc_opts *o, char **argv)
{
    qc_err err;
    qc_err_clear(&err);
    int64_t now;
    long par = 4;
    const char *jv = qc_opts_get(o, "--jobs");
    char *e;
    if (jv && ((par = strtol(jv, &e, 10)) < 1 || par > 32 || *e))
        return qc_err_set(&err, QC_EUSAGE, "collect: --jobs: '%s' is not 1 to 32", jv),
               qc_cli_fail(&err);
    if (S_check(o, &err) < 0 || qc_cli_now(qc_opts_get(o, "--now"), &now, &err) < 0)
        return qc_cli_fail(&err);
    size_t ns, nreg;
    source *s = S_sources(o, &ns);
    const char *const *given;
    nreg = qc_opts_all(o, "--region", &given);
    char *def = nreg ? NULL : S_default_region(o, &s[0], &err);
    const char *const *regions = nreg ? given : (const char *const *)&def;
    if (!nreg && def)
        nreg = 1;
    char day[QC_TIME_STR_MAX], name[64];
    qc_time_format(now, day);
    snprintf(name, sizeof name, "fleet-%.4s%.2s%.2s", day, day + 5, day + 8);
    char *dflt = qc_fs_join("evidence", name);
    const char *dir = qc_opts_get(o, "--out") ? qc_opts_get(o, "--out") : dflt;
    if (!nreg || qc_fs_mkdirs(dir, &err) < 0) {
        free(dflt);
        free(s);
        return qc_cli_fail(&err);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal; /* no SA_RESTART: waitpid returns to pass it on */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    S_identities(o, s, ns, regions[0]);
    job *jobs = qc_calloc(ns * nreg + 1, sizeof *jobs);
    size_t nj = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t r = 0; !s[i].error && r < nreg; r++) {
            job *j = &jobs[nj++];
            j->src = &s[i];
            j->region = regions[r];
            j->code = -1;
            qc_buf b;
            qc_buf_init(&b, 0);
            qc_buf_printf(&b, "%s-%s", s[i].account, regions[r]);
            j->name = qc_buf_take(&b);
            j->dir = qc_fs_join(dir, j->name);
            qc_buf_init(&b, 0);
            qc_buf_printf(&b, "%s/.%s.log", dir, j->name);
            j->log = qc_buf_take(&b);
        }
    qc_redactor *red = qc_redactor_new();
    char **errors = qc_calloc(nj + 1, sizeof *errors);
    if (!qc_opts_flag(o, "--quiet"))
        qc_cli_say(red, stderr, "quotacase: collecting %zu account%s x %zu region%s, %ld at a time\n",
                   ns, ns == 1 ? "" : "s", nreg, nreg == 1 ? "" : "s", par);
    S_run_jobs(o, argv, jobs, nj, par, errors, red);
    size_t nt;
    qc_fleet_target *t = S_targets(jobs, nj, errors, s, ns, regions, nreg, &nt);
    char *text = NULL;
    int code = S_exit_code(jobs, nj, s, ns);
    if (qc_fleet_summarise(dir, t, nt, now, red, &text, &err) < 0)
        code = qc_cli_fail_r(&err, red);
    else
        fputs(text, stdout);
    free(text);
    free(t);
    for (size_t i = 0; i < nj; i++) {
        free(jobs[i].name);
        free(jobs[i].dir);
        free(jobs[i].log);
        free(errors[i]);
    }
    for (size_t i = 0; i < ns; i++)
        free(s[i].error);
    free(errors);
    free(jobs);
    free(s);
    free(def);
    free(dflt);
    qc_redactor_free(red);
    return code;
}
