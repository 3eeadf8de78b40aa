/* fleet.c - `collect` over several accounts and regions; see fleet.h.
 *
 * The identities are asked one after the other first (an MFA prompt or an
 * SSO refresh happens once, on the terminal, and the credentials land in
 * the aws CLI's caches for the collections).  Then each account and region
 * is a `collect` of its own in a child process, at most --jobs at once:
 * AWS's API rate limits are per account and region, so the children share
 * no budget, and one child's failure leaves the others' evidence whole. */
#include "cli/fleet.h"

#include <errno.h>
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

/* Only wakes sigsuspend: children are reaped in the loop. */
static void S_on_child(int sig)
{
    (void)sig;
}

typedef struct source {
    const char *profile, *role; /* borrowed from argv */
    char label[600];
    char account[64];
    char *error;
    int usage; /* the error is the command line's (a profile that is not there) */
} source;

typedef struct job {
    const source *src;
    const char *region;
    char *dir, *name, *log;
    pid_t pid;
    int code;    /* exit code; -1 not run */
    char *error; /* what went wrong, one line, or NULL */
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
    static const char *const lists[] = {"--region", "--profile", "--assume-role"};
    for (size_t l = 0; l < 3; l++) {
        size_t n = qc_opts_all(o, lists[l], &v);
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < i; k++)
                if (!strcmp(v[i], v[k]))
                    return qc_err_set(err, QC_EUSAGE, "collect: %s %s is given twice", lists[l],
                                      v[i]);
    }
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
    ao.stop = qc_cli_stop_flag();
    return qc_aws_new(&ao, err);
}

/* Who each source is; a source whose account another already gave is
 * skipped (its evidence would be the same directory). */
static void S_identities(const qc_opts *o, source *s, size_t n, const char *region)
{
    for (size_t i = 0; i < n && !qc_cli_stopped(); i++) {
        qc_err err;
        qc_err_clear(&err);
        qc_aws *aws = S_client(o, &s[i], region, &err);
        const qc_creds *c = aws ? qc_aws_credentials(aws, &err) : NULL;
        qc_sts_identity id;
        if (c && qc_sts_get_caller_identity(aws, c, &id, &err) == 0)
            snprintf(s[i].account, sizeof s[i].account, "%s", id.account);
        else
            s[i].error = qc_strdup(qc_cli_stopped() ? "interrupted" : err.msg);
        s[i].usage = err.code == QC_EUSAGE;
        qc_aws_free(aws);
        for (size_t k = 0; k < i && s[i].account[0]; k++)
            if (!strcmp(s[k].account, s[i].account)) {
                qc_buf b;
                qc_buf_init(&b, 0);
                qc_buf_printf(&b, "account %s is %s's too: collected once", s[i].account,
                              s[k].label);
                s[i].error = qc_buf_take(&b);
                break;
            }
    }
    for (size_t i = 0; i < n; i++)
        if (!s[i].account[0] && !s[i].error)
            s[i].error = qc_strdup("interrupted before its identity was asked");
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

/* Starts one collection; the child runs with the signal mask the fleet
 * started with, so Ctrl-C reaches it as it would a single collect. */
static void S_spawn(const qc_opts *o, char **argv, job *j, const sigset_t *mask)
{
    int cargc;
    char **cargv = S_child_argv(o, argv, j, &cargc);
    int fd = open(j->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    fflush(NULL);
    j->pid = fd < 0 ? -1 : fork();
    if (j->pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        sigprocmask(SIG_SETMASK, mask, NULL);
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
        exit(qc_cmd_collect(cargc, cargv));
    }
    if (fd >= 0)
        close(fd);
    if (j->pid < 0) {
        qc_buf b;
        qc_buf_init(&b, 0);
        qc_buf_printf(&b, "%s: %s", fd < 0 ? j->log : "fork", strerror(errno));
        j->error = qc_buf_take(&b);
        j->code = QC_EXIT_IO;
        unlink(j->log);
    }
    free(cargv);
}

/* What the child said, each line under its account and region; its last
 * error is the target's. */
static void S_report(job *j, qc_redactor *red)
{
    qc_buf log;
    qc_buf_init(&log, (size_t)64 << 20);
    qc_err err;
    qc_err_clear(&err);
    if (qc_fs_read(j->log, &log, &err) < 0)
        j->error = qc_strdup(err.msg);
    char *save = NULL;
    for (char *l = log.len ? strtok_r(log.ptr, "\n", &save) : NULL; l;
         l = strtok_r(NULL, "\n", &save)) {
        if (!strcmp(l, j->dir))
            continue; /* collect prints its directory; the summary names it */
        const char *msg = !strncmp(l, "quotacase: ", 11) ? l + 11 : l;
        qc_cli_say(red, stderr, "quotacase: %s %s: %s\n", j->src->account, j->region, msg);
        if (!strncmp(msg, "error: ", 7)) {
            free(j->error);
            j->error = qc_strdup(msg + 7);
        }
    }
    unlink(j->log);
    qc_buf_free(&log);
}

static const char *S_result(int code)
{
    return code < 0 || code == 130 || code == 143 ? "interrupted"
           : code == QC_EXIT_OK                     ? "collected"
           : code == QC_EXIT_PARTIAL                ? "partial"
                                                    : "failed";
}

static void S_reaped(job *j, int st, qc_redactor *red)
{
    j->code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    S_report(j, red);
    int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    if (sig && sig != SIGINT && sig != SIGTERM) {
        /* A crash is a failure of its own, not an interruption. */
        free(j->error);
        qc_buf b;
        qc_buf_init(&b, 0);
        qc_buf_printf(&b, "the collection stopped on signal %d (%s)", sig, strsignal(sig));
        j->error = qc_buf_take(&b);
        j->code = QC_EXIT_FAIL;
    }
}

/* Runs the jobs, at most `par` at once.  SIGINT, SIGTERM and SIGCHLD are
 * blocked except inside sigsuspend, so none can arrive between a check
 * and the wait: a stop is passed on to the running children once, and
 * what they wrote is still reported. */
static void S_run_jobs(const qc_opts *o, char **argv, job *jobs, size_t n, long par,
                       qc_redactor *red)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_child;
    sigaction(SIGCHLD, &sa, NULL);
    size_t next = 0, running = 0;
    int passed_on = 0;
    while (next < n || running) {
        while (!qc_cli_stopped() && next < n && running < (size_t)par) {
            S_spawn(o, argv, &jobs[next], &old);
            running += jobs[next].pid > 0;
            next++;
        }
        if (qc_cli_stopped())
            next = n; /* the rest are not started */
        if (qc_cli_stopped() && !passed_on) {
            for (size_t i = 0; i < n; i++)
                if (jobs[i].pid > 0 && jobs[i].code < 0)
                    kill(jobs[i].pid, qc_cli_stopped());
            passed_on = 1;
        }
        int st, reaped = 0;
        pid_t pid = 0;
        while (running && (pid = waitpid(-1, &st, WNOHANG)) > 0)
            for (size_t i = 0; i < n; i++)
                if (jobs[i].pid == pid && jobs[i].code < 0) {
                    S_reaped(&jobs[i], st, red);
                    running--;
                    reaped = 1;
                }
        if (running && pid < 0 && errno == ECHILD) {
            /* Someone else reaped them: nothing more will come. */
            for (size_t i = 0; i < n; i++)
                if (jobs[i].pid > 0 && jobs[i].code < 0) {
                    jobs[i].code = QC_EXIT_FAIL;
                    jobs[i].error = qc_strdup("the collection's exit status was lost");
                    unlink(jobs[i].log);
                }
            running = 0;
        }
        if (running && !reaped)
            sigsuspend(&old);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static int S_exit_code(const job *jobs, size_t nj, const source *s, size_t ns)
{
    size_t ok = 0, bad = 0;
    int first = 0;
    for (size_t i = 0; i < nj; i++) {
        ok += jobs[i].code == QC_EXIT_OK || jobs[i].code == QC_EXIT_PARTIAL;
        bad += jobs[i].code != QC_EXIT_OK;
        if (jobs[i].code > 0 && !first)
            first = jobs[i].code;
    }
    for (size_t i = 0; i < ns; i++)
        if (s[i].error && !s[i].account[0]) {
            bad++;
            if (!first)
                first = s[i].usage ? QC_EXIT_USAGE : QC_EXIT_AWS;
        }
    if (qc_cli_stopped())
        return 128 + qc_cli_stopped(); /* 130, 143: as a single collect */
    if (!ok)
        return first ? first : QC_EXIT_AWS;
    return bad ? QC_EXIT_PARTIAL : QC_EXIT_OK;
}

/* One summary row per job, and per region for a source without one. */
static qc_fleet_target *S_targets(const job *jobs, size_t nj, const source *s, size_t ns,
                                  const char *const *regions, size_t nreg, size_t *n)
{
    qc_fleet_target *t = qc_calloc(nj + ns * nreg + 1, sizeof *t);
    *n = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t r = 0; s[i].error && r < nreg; r++)
            t[(*n)++] = (qc_fleet_target){s[i].account[0] ? s[i].account : NULL, regions[r],
                                          s[i].label, NULL,
                                          s[i].account[0] ? "skipped" : "failed", s[i].error};
    for (size_t i = 0; i < nj; i++)
        t[(*n)++] = (qc_fleet_target){
            jobs[i].src->account, jobs[i].region, jobs[i].src->label,
            jobs[i].pid > 0 ? jobs[i].name : NULL, S_result(jobs[i].code),
            jobs[i].error ? jobs[i].error : jobs[i].code < 0 ? "not started: interrupted" : NULL};
    return t;
}

/* A job per account and region; an existing directory is refused before
 * anything runs (a child would refuse it, after the others had run). */
static job *S_jobs(const qc_opts *o, const char *dir, source *s, size_t ns,
                   const char *const *regions, size_t nreg, size_t *nj, qc_err *err)
{
    job *jobs = qc_calloc(ns * nreg + 1, sizeof *jobs);
    *nj = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t r = 0; !s[i].error && r < nreg; r++) {
            job *j = &jobs[(*nj)++];
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
            if (!err->code && qc_fs_exists(j->dir) && !qc_opts_flag(o, "--force"))
                qc_err_set(err, QC_EEXIST, "collect: %s exists; --force replaces it", j->dir);
        }
    return jobs;
}

static void S_jobs_free(job *jobs, size_t nj)
{
    for (size_t i = 0; i < nj; i++) {
        free(jobs[i].name);
        free(jobs[i].dir);
        free(jobs[i].log);
        free(jobs[i].error);
    }
    free(jobs);
}

/* The regions (given, else the default one) and the fleet directory;
 * -1 with err set when there is no region or the directory cannot be made. */
static int S_where(const qc_opts *o, const source *s, int64_t now, const char *const **regions,
                   size_t *nreg, char **def, char **dir, qc_err *err)
{
    *nreg = qc_opts_all(o, "--region", regions);
    *def = *nreg ? NULL : S_default_region(o, &s[0], err);
    if (*def) {
        *regions = (const char *const *)def;
        *nreg = 1;
    }
    char day[QC_TIME_STR_MAX], name[64];
    qc_time_format(now, day);
    snprintf(name, sizeof name, "fleet-%.4s%.2s%.2s", day, day + 5, day + 8);
    const char *out = qc_opts_get(o, "--out");
    *dir = out ? qc_strdup(out) : qc_fs_join("evidence", name);
    return !*nreg || qc_fs_mkdirs(*dir, err) < 0 ? -1 : 0;
}

static int S_summary(const char *dir, const job *jobs, size_t nj, const source *s, size_t ns,
                     const char *const *regions, size_t nreg, int64_t now, qc_redactor *red,
                     int code)
{
    size_t nt;
    qc_fleet_target *t = S_targets(jobs, nj, s, ns, regions, nreg, &nt);
    char *text = NULL;
    qc_err err;
    qc_err_clear(&err);
    if (qc_fleet_summarise(dir, t, nt, now, red, &text, &err) < 0)
        code = qc_cli_fail_r(&err, red);
    else
        fputs(text, stdout);
    free(text);
    free(t);
    return code;
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
    size_t ns, nreg, nj = 0;
    source *s = S_sources(o, &ns);
    const char *const *regions;
    char *def = NULL, *dir = NULL;
    job *jobs = NULL;
    qc_redactor *red = NULL;
    int code;
    if (S_where(o, s, now, &regions, &nreg, &def, &dir, &err) < 0) {
        code = qc_cli_fail(&err);
        goto out;
    }
    qc_cli_on_stop();
    S_identities(o, s, ns, regions[0]);
    jobs = S_jobs(o, dir, s, ns, regions, nreg, &nj, &err);
    if (err.code) {
        code = qc_cli_fail(&err);
        goto out;
    }
    red = qc_redactor_new();
    if (!qc_opts_flag(o, "--quiet"))
        qc_cli_say(red, stderr,
                   "quotacase: collecting %zu account%s x %zu region%s, %ld at a time\n",
                   ns, ns == 1 ? "" : "s", nreg, nreg == 1 ? "" : "s", par);
    S_run_jobs(o, argv, jobs, nj, par, red);
    code = S_summary(dir, jobs, nj, s, ns, regions, nreg, now, red, S_exit_code(jobs, nj, s, ns));
out:
    S_jobs_free(jobs, nj);
    for (size_t i = 0; i < ns; i++)
        free(s[i].error);
    free(s);
    free(def);
    free(dir);
    qc_redactor_free(red);
    return code;
}
