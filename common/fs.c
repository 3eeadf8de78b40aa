/* fs.c - atomic writes and sorted directory walks; see fs.h.
 *
 * Temporary files are named ".<name>.tmp.XXXXXX" next to the target so the
 * final rename stays within one file system and is atomic. */
#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

char *qc_fs_join(const char *dir, const char *name)
{
    qc_buf b;
    qc_buf_init(&b, 0);
    size_t n = strlen(dir);
    qc_buf_add(&b, dir, n);
    if (n && dir[n - 1] != '/')
        qc_buf_addc(&b, '/');
    qc_buf_adds(&b, name);
    return qc_buf_take(&b);
}

char *qc_fs_rebase(const char *path, const char *from, const char *to)
{
    size_t n = from ? strlen(from) : 0;
    while (n > 1 && from[n - 1] == '/')
        n--;
    if (!n || strncmp(path, from, n) || (path[n] && path[n] != '/'))
        return qc_strdup(path);
    return path[n] ? qc_fs_join(to, path + n + 1) : qc_strdup(to);
}

const char *qc_fs_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

char *qc_fs_tmpname(const char *path)
{
    const char *base = qc_fs_basename(path);
    qc_buf b;
    qc_buf_init(&b, 0);
    qc_buf_add(&b, path, (size_t)(base - path));
    qc_buf_printf(&b, ".%s.tmp.XXXXXX", base);
    char *tmpl = qc_buf_take(&b);
    /* mkstemp makes 0600, and so it stays: evidence and outputs hold
     * account data, for the owner only whatever the umask. */
    int fd = mkstemp(tmpl);
    if (fd >= 0)
        close(fd);
    return tmpl;
}

void qc_fs_discard(const char *tmp)
{
    if (tmp)
        unlink(tmp);
}

/* fsync of a file or directory by name; EINVAL (a file system that cannot
 * sync) is no error. */
static int S_sync(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* The directory that holds path, and path's last component (borrowed from
 * path), trailing slashes ignored; free() the directory. */
static char *S_parent(const char *path, const char **base)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    const char *slash = memrchr(path, '/', n);
    if (base)
        *base = slash ? slash + 1 : path;
    return !slash ? qc_strdup(".") : slash == path ? qc_strdup("/")
                                                   : qc_strndup(path, (size_t)(slash - path));
}

int qc_fs_sync_parent(const char *path, qc_err *err)
{
    char *dir = S_parent(path, NULL);
    int rc = 0;
    if (S_sync(dir) != 0)
        rc = qc_err_set(err, QC_EIO, "%s: cannot sync its directory: %s", path, strerror(errno));
    free(dir);
    return rc;
}

int qc_fs_commit(const char *tmp, const char *path, qc_err *err)
{
    if (S_sync(tmp) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return qc_err_set(err, QC_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    return qc_fs_sync_parent(path, err);
}

int qc_fs_replace_dir(const char *stage, const char *dir, qc_err *err)
{
    if (!qc_fs_exists(dir)) {
        if (rename(stage, dir) != 0)
            return qc_err_set(err, QC_EIO, "%s: cannot move the new directory into place: %s",
                              dir, strerror(errno));
        return qc_fs_sync_parent(dir, err);
    }
    /* One step: the old and the new trade places, so the name is never
     * missing and never half of each. */
    if (renameat2(AT_FDCWD, stage, AT_FDCWD, dir, RENAME_EXCHANGE) != 0)
        return qc_err_set(err, QC_EIO, "%s: cannot swap in the new directory: %s", dir,
                          strerror(errno));
    if (qc_fs_sync_parent(dir, err) < 0)
        return -1;
    qc_err ignore;
    qc_err_clear(&ignore);
    qc_fs_remove_tree(stage, &ignore); /* the old one, under the staging name now */
    return 0;
}

static int S_write_all(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Writes and flushes `file`; errors name `shown` (the final name). */
static int S_write_path(const char *file, const char *shown, const void *data, size_t len,
                        qc_err *err)
{
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return qc_err_set(err, QC_EIO, "%s: cannot write: %s", shown, strerror(errno));
    int rc = S_write_all(fd, data, len), e = errno;
    if (rc == 0 && fsync(fd) != 0 && errno != EINVAL) {
        rc = -1;
        e = errno;
    }
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0)
        return qc_err_set(err, QC_EIO, "%s: cannot write: %s", shown, strerror(e));
    return 0;
}

int qc_fs_write_file(const char *path, const void *data, size_t len, qc_err *err)
{
    return S_write_path(path, path, data, len, err);
}

int qc_fs_write_atomic(const char *path, const void *data, size_t len, qc_err *err)
{
    char *tmp = qc_fs_tmpname(path);
    int rc = S_write_path(tmp, path, data, len, err);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = qc_err_set(err, QC_EIO, "%s: cannot write: %s", path, strerror(errno));
    if (rc != 0)
        unlink(tmp);
    else
        rc = qc_fs_sync_parent(path, err);
    free(tmp);
    return rc;
}

int qc_fs_read(const char *path, qc_buf *out, qc_err *err)
{
    qc_buf_reset(out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return qc_err_set(err, QC_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            return qc_err_set(err, QC_EINPUT, "%s: cannot read: %s", path, strerror(e));
        }
        if (n == 0)
            break;
        if (qc_buf_add(out, chunk, (size_t)n) < 0) {
            close(fd);
            return qc_err_set(err, QC_EINPUT, "%s: file is larger than %zu bytes", path,
                              out->max);
        }
    }
    close(fd);
    return 0;
}

int qc_fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int qc_fs_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

int qc_fs_mkdirs(const char *path, qc_err *err)
{
    char *p = qc_strdup(path);
    for (char *s = p + 1; ; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                qc_err_set(err, QC_EIO, "%s: cannot create directory: %s", p, strerror(e));
                free(p);
                return -1;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    if (!qc_fs_is_dir(path))
        return qc_err_set(err, QC_EIO, "%s: exists and is not a directory", path);
    return 0;
}

int qc_fs_remove_tree(const char *path, qc_err *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return qc_err_set(err, QC_EIO, "%s: cannot remove: %s", path, strerror(errno));
        struct dirent *de;
        int rc = 0;
        while (rc == 0 && (de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char *sub = qc_fs_join(path, de->d_name);
            rc = qc_fs_remove_tree(sub, err);
            free(sub);
        }
        closedir(d);
        if (rc)
            return rc;
        if (rmdir(path) != 0)
            return qc_err_set(err, QC_EIO, "%s: cannot remove: %s", path, strerror(errno));
        return 0;
    }
    if (unlink(path) != 0)
        return qc_err_set(err, QC_EIO, "%s: cannot remove: %s", path, strerror(errno));
    return 0;
}

void qc_pathlist_add(qc_pathlist *l, const char *path)
{
    l->items = qc_grow(l->items, &l->cap, l->len + 1, sizeof *l->items);
    l->items[l->len++] = qc_strdup(path);
}

static int S_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void qc_pathlist_sort(qc_pathlist *l)
{
    if (l->len > 1)
        qsort(l->items, l->len, sizeof *l->items, S_cmp);
}

void qc_pathlist_free(qc_pathlist *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

typedef struct walk {
    const char *root;
    qc_pathlist *out;
    int follow;
    dev_t dev[64]; /* the directories on the current path, for loops */
    ino_t ino[64];
    int depth;
} walk;

static int S_walk(walk *w, const char *rel, qc_err *err)
{
    char *dir = rel[0] ? qc_fs_join(w->root, rel) : qc_strdup(w->root);
    struct stat ds;
    if (w->depth >= 64) {
        free(dir);
        return qc_err_set(err, QC_EINPUT, "%s: directories nested too deep", w->root);
    }
    if (stat(dir, &ds) == 0) {
        for (int k = 0; k < w->depth; k++)
            if (w->dev[k] == ds.st_dev && w->ino[k] == ds.st_ino) {
                free(dir); /* a link back to a directory above: walked already */
                return 0;
            }
        w->dev[w->depth] = ds.st_dev;
        w->ino[w->depth] = ds.st_ino;
    }
    DIR *d = opendir(dir);
    if (!d) {
        qc_err_set(err, QC_EINPUT, "%s: cannot open directory: %s", dir, strerror(errno));
        free(dir);
        return -1;
    }
    w->depth++;
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char *sub_rel = rel[0] ? qc_fs_join(rel, de->d_name) : qc_strdup(de->d_name);
        char *full = qc_fs_join(dir, de->d_name);
        struct stat st;
        if ((w->follow ? stat(full, &st) : lstat(full, &st)) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = S_walk(w, sub_rel, err);
            else if (S_ISREG(st.st_mode))
                qc_pathlist_add(w->out, sub_rel);
        }
        free(full);
        free(sub_rel);
    }
    w->depth--;
    closedir(d);
    free(dir);
    return rc;
}

static int S_list(const char *dir, qc_pathlist *out, int follow, qc_err *err)
{
    walk w = {dir, out, follow, {0}, {0}, 0};
    if (S_walk(&w, "", err) != 0)
        return -1;
    qc_pathlist_sort(out);
    return 0;
}

int qc_fs_list_files(const char *dir, qc_pathlist *out, qc_err *err)
{
    return S_list(dir, out, 0, err);
}

int qc_fs_list_inputs(const char *dir, qc_pathlist *out, qc_err *err)
{
    return S_list(dir, out, 1, err);
}

int qc_fs_check_input(const char *path, qc_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return qc_err_set(err, QC_EINPUT, "%s: no such file or directory", path);
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return qc_err_set(err, QC_EINPUT, "%s: not a regular file or directory (a pipe or a "
                          "device would be read forever); give a file", path);
    return 0;
}

/* Is nm the name `base` plus `mid` plus six characters of mkstemp's? */
static int S_tmp_name(const char *nm, const char *pre, const char *base, const char *mid)
{
    size_t pl = strlen(pre), bl = strlen(base), ml = strlen(mid);
    return strlen(nm) == pl + bl + ml + 6 && !strncmp(nm, pre, pl) && !strncmp(nm + pl, base, bl) &&
           !strncmp(nm + pl + bl, mid, ml);
}

void qc_fs_remove_leftovers(const char *path)
{
    char *copy = qc_strdup(path);
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    const char *base;
    char *parent = S_parent(copy, &base);
    DIR *d = opendir(parent);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        const char *nm = de->d_name;
        int dir = S_tmp_name(nm, "", base, ".tmp.") || S_tmp_name(nm, "", base, ".old.");
        int file = S_tmp_name(nm, ".", base, ".tmp.");
        if (!dir && !file)
            continue;
        char *p = qc_fs_join(parent, nm);
        qc_err ignore;
        qc_err_clear(&ignore);
        if (dir && qc_fs_is_dir(p))
            qc_fs_remove_tree(p, &ignore);
        else if (file && !qc_fs_is_dir(p))
            unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    free(parent);
    free(copy);
}

/* A staging copy of the evidence directory beside it, its files hard
 * links to the originals (so nothing is copied and nothing original can
 * change: every write in it makes a new file under a temporary name). */
char *qc_fs_stage_links(const char *dir, qc_err *err)
{
    char *stage = qc_malloc(strlen(dir) + 16);
    sprintf(stage, "%s", dir);
    size_t n = strlen(stage);
    while (n > 1 && stage[n - 1] == '/')
        stage[--n] = '\0';
    strcat(stage, ".tmp.XXXXXX");
    if (!mkdtemp(stage)) {
        qc_err_set(err, QC_EIO, "%s: cannot create a staging directory beside it: %s", dir,
                   strerror(errno));
        free(stage);
        return NULL;
    }
    qc_pathlist files = {0};
    int rc = qc_fs_list_files(dir, &files, err);
    for (size_t i = 0; rc == 0 && i < files.len; i++) {
        const char *name = files.items[i], *base = qc_fs_basename(name);
        if (base[0] == '.' && strstr(base, ".tmp."))
            continue; /* an interrupted write's leftover: not carried over */
        char *from = qc_fs_join(dir, name), *to = qc_fs_join(stage, name);
        char *sub = qc_strdup(to);
        *strrchr(sub, '/') = '\0';
        if (strchr(name, '/') && qc_fs_mkdirs(sub, err) < 0)
            rc = -1;
        else if (link(from, to) != 0)
            rc = qc_err_set(err, QC_EIO, "%s: cannot stage: %s", from, strerror(errno));
        free(sub);
        free(from);
        free(to);
    }
    qc_pathlist_free(&files);
    if (rc < 0) {
        qc_err ignore;
        qc_err_clear(&ignore);
        qc_fs_remove_tree(stage, &ignore);
        free(stage);
        return NULL;
    }
    return stage;
}
