/*
 * trust.c - walk a path as the caller, trusting nothing a user could write.
 *
 * The rule is in trust.h.  The walk resolves the path itself, one component
 * at a time from "/", instead of letting open(2) follow it: only then is
 * every directory on the way seen, including those of each symlink's
 * target and of "..".  OpenSSH's safe_path() checks the directories of the
 * path as written; a symlink in a trusted directory may point anywhere, so
 * here the target is walked under the same rule.  Every check is made on a
 * descriptor of the thing itself, never on a name: an O_PATH one for each
 * directory and for the file, then the descriptor the file is read
 * through, opened as the caller (O_NOFOLLOW, O_NONBLOCK) and judged again
 * before a byte of it is read.
 */
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef FUSE_SUPER_MAGIC
#define FUSE_SUPER_MAGIC 0x65735546
#endif

/*
 * Filesystems whose "files" are kernel or process state, or a user
 * process's answers.  A symlink into any of them (/proc/self/comm,
 * /proc/sys/net/...) is refused however its permissions look.
 */
static const struct {
	uint32_t magic;
	const char *name;
} pseudo_fs[] = {
	{ PROC_SUPER_MAGIC, "proc" },
	{ SYSFS_MAGIC, "sysfs" },
	{ DEBUGFS_MAGIC, "debugfs" },
	{ TRACEFS_MAGIC, "tracefs" },
	{ SECURITYFS_MAGIC, "securityfs" },
	{ CGROUP_SUPER_MAGIC, "cgroup" },
	{ CGROUP2_SUPER_MAGIC, "cgroup2" },
	{ DEVPTS_SUPER_MAGIC, "devpts" },
	{ BPF_FS_MAGIC, "bpf" },
	{ EFIVARFS_MAGIC, "efivarfs" },
	{ PSTOREFS_MAGIC, "pstore" },
	{ SELINUX_MAGIC, "selinuxfs" },
	{ SMACK_MAGIC, "smackfs" },
	{ NSFS_MAGIC, "nsfs" },
	{ BINFMTFS_MAGIC, "binfmt_misc" },
	{ AUTOFS_SUPER_MAGIC, "autofs" },
	{ OPENPROM_SUPER_MAGIC, "openpromfs" },
	{ USBDEVICE_SUPER_MAGIC, "usbdevfs" },
	{ 0x62656570, "configfs" },
	{ 0x19800202, "mqueue" },
	{ 0x65735543, "fusectl" },
	{ FUSE_SUPER_MAGIC, "fuse" },
};

struct walk {
	char todo[PATH_MAX]; /* the path left to resolve */
	char seen[PATH_MAX]; /* the directory reached, for messages */
	int dir;	     /* O_PATH descriptor of that directory */
	unsigned links;	     /* symlinks followed so far */
	char *why;
	size_t whylen;
};

/* What a refusal names: a directory on the way, or the file itself. */
enum what { DIR_SEEN, THE_FILE };

__attribute__((format(printf, 2, 3))) static int refuse(struct walk *w,
							const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->why, w->whylen, fmt, ap);
	va_end(ap);
	return -EPERM;
}

/*
 * A refusal of a directory on the way ("directory /x is ...") or of the
 * file ("it is ...", or "its target /y/leaf is ..." when symlinks led to
 * it): the subject, then fmt.  Out of line, so that its buffers are on the
 * stack only when something is refused.
 */
__attribute__((noinline, format(printf, 4, 5))) static int
refuse_as(struct walk *w, enum what what, const char *leaf, const char *fmt,
	  ...)
{
	size_t o;
	va_list ap;

	if (what == DIR_SEEN)
		snprintf(w->why, w->whylen, "directory %s ", w->seen);
	else if (w->links > 0)
		snprintf(w->why, w->whylen, "its target %s%s%s ", w->seen,
			 strcmp(w->seen, "/") == 0 ? "" : "/", leaf);
	else
		snprintf(w->why, w->whylen, "it ");
	o = strlen(w->why);
	va_start(ap, fmt);
	vsnprintf(w->why + o, w->whylen - o, fmt, ap);
	va_end(ap);
	return -EPERM;
}

/* On a pseudo filesystem? */
static int check_fs(struct walk *w, int fd, enum what what, const char *leaf)
{
	struct statfs sf;
	size_t i;

	if (fstatfs(fd, &sf) < 0)
		return -errno;
	for (i = 0; i < sizeof(pseudo_fs) / sizeof(pseudo_fs[0]); i++)
		if ((uint32_t)sf.f_type == pseudo_fs[i].magic)
			return refuse_as(w, what, leaf,
					 "is on %s, a pseudo filesystem, "
					 "not one that stores files",
					 pseudo_fs[i].name);
	return 0;
}

/* Root's, not writable by group or others, on a real filesystem. */
static int check_owned(struct walk *w, int fd, const struct stat *st,
		       enum what what, const char *leaf)
{
	if (st->st_uid != 0)
		return refuse_as(w, what, leaf,
				 "is owned by uid %lu, not root; run "
				 "'chown root' on it",
				 (unsigned long)st->st_uid);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return refuse_as(w, what, leaf,
				 "is writable by group or others (mode "
				 "%04lo); run 'chmod go-w' on it",
				 (unsigned long)(st->st_mode & 07777));
	return check_fs(w, fd, what, leaf);
}

/* A directory on the way (w->seen), st its fstat. */
static int check_dir(struct walk *w, int fd, const struct stat *st)
{
	return check_owned(w, fd, st, DIR_SEEN, NULL);
}

static int enter_root(struct walk *w)
{
	int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return -errno;
	if (w->dir >= 0)
		close(w->dir);
	w->dir = fd;
	strcpy(w->seen, "/");
	if (fstat(fd, &st) < 0)
		return -errno;
	return check_dir(w, fd, &st);
}

/* Make fd (a directory named comp, or ".."; st its fstat) the current one. */
static int enter(struct walk *w, int fd, const char *comp,
		 const struct stat *st)
{
	size_t n = strlen(w->seen), len = strlen(comp);
	char *slash;

	if (strcmp(comp, "..") == 0) {
		slash = strrchr(w->seen, '/');
		if (slash != NULL)
			slash[slash == w->seen ? 1 : 0] = '\0';
	} else if (n + len + 2 < sizeof(w->seen)) {
		if (n > 1)
			w->seen[n++] = '/';
		memcpy(w->seen + n, comp, len + 1);
	}
	close(w->dir);
	w->dir = fd;
	return check_dir(w, fd, st);
}

/*
 * Replace the symlink at fd by its target in what is left to resolve.  Out
 * of line: its 8 KiB of buffers are on the stack only for a symlink.
 */
__attribute__((noinline)) static int follow(struct walk *w, int fd, size_t *at)
{
	char target[PATH_MAX], rest[PATH_MAX];
	ssize_t n;

	if (++w->links > TRUST_MAX_LINKS)
		return -ELOOP;
	n = readlinkat(fd, "", target, sizeof(target));
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ENOENT;
	if ((size_t)n >= sizeof(target))
		return -ENAMETOOLONG;
	target[n] = '\0';
	/* w->todo + *at is "" or starts with '/'. */
	if ((size_t)snprintf(rest, sizeof(rest), "%s%s", target,
			     w->todo + *at) >= sizeof(rest))
		return -ENAMETOOLONG;
	memcpy(w->todo, rest, strlen(rest) + 1);
	*at = 0;
	return target[0] == '/' ? enter_root(w) : 0;
}

/* The next component from *at; 0 at the end, 1 with comp, or -errno. */
static int next_comp(const char *todo, size_t *at, char comp[NAME_MAX + 1])
{
	size_t start;

	while (todo[*at] == '/')
		(*at)++;
	if (todo[*at] == '\0')
		return 0;
	start = *at;
	while (todo[*at] != '\0' && todo[*at] != '/')
		(*at)++;
	if (*at - start > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(comp, todo + start, *at - start);
	comp[*at - start] = '\0';
	return 1;
}

static bool only_slashes(const char *s)
{
	return s[strspn(s, "/")] == '\0';
}

#define READ_FLAGS (O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

/*
 * Walk to the last component; every directory on the way is checked as it
 * is entered.  Returns an O_PATH descriptor of what the path names (not a
 * symlink, not a directory), with its name left in leaf and *st its fstat;
 * or -errno.
 */
static int walk(struct walk *w, char leaf[NAME_MAX + 1], struct stat *st)
{
	size_t at = 0;
	int rc, fd;

	while ((rc = next_comp(w->todo, &at, leaf)) > 0) {
		if (strcmp(leaf, ".") == 0)
			continue;
		fd = openat(w->dir, leaf,
			    O_PATH | O_NOFOLLOW | O_CLOEXEC |
				    (strcmp(leaf, "..") == 0 ? O_DIRECTORY
							     : 0));
		if (fd < 0)
			return -errno;
		if (fstat(fd, st) < 0) {
			rc = -errno;
		} else if (S_ISLNK(st->st_mode)) {
			rc = follow(w, fd, &at);
		} else if (S_ISDIR(st->st_mode)) {
			/* fd becomes w->dir, closed with it. */
			rc = enter(w, fd, leaf, st);
			if (rc == 0 && only_slashes(w->todo + at))
				rc = refuse(w, "it is a directory, not a "
					       "regular file");
			if (rc < 0)
				return rc;
			continue;
		} else if (w->todo[at] != '\0') {
			rc = -ENOTDIR;
		} else {
			return fd;
		}
		close(fd);
		if (rc < 0)
			return rc;
	}
	return rc < 0 ? rc : -EISDIR;
}

/* The file itself, st its fstat, before a byte of it is read. */
static int check_file(struct walk *w, int fd, const char *leaf,
		      const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return refuse_as(w, THE_FILE, leaf, "is not a regular file");
	return check_owned(w, fd, st, THE_FILE, leaf);
}

#define READ_FLAGS (O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

/*
 * The walk found the file trusted through an O_PATH descriptor; only now
 * may "the caller cannot read it" mean EACCES.  Root may have put another
 * file in the name since (an atomic rename, as editors do): only root can,
 * in a trusted directory, and the file opened is judged again, itself.
 */
static int open_trusted(struct walk *w, const char *leaf, struct stat *st)
{
	int fd = openat(w->dir, leaf, READ_FLAGS), rc;

	if (fd < 0)
		return -errno;
	rc = fstat(fd, st) < 0 ? -errno : check_file(w, fd, leaf, st);
	if (rc == 0)
		return fd;
	close(fd);
	return rc;
}

int trust_open(const char *path, struct stat *st, char *why, size_t whylen)
{
	struct walk w = { .dir = -1, .why = why, .whylen = whylen };
	char leaf[NAME_MAX + 1];
	int at, rc;

	why[0] = '\0';
	if (path[0] != '/')
		return -EINVAL;
	if (strlen(path) >= sizeof(w.todo))
		return -ENAMETOOLONG;
	strcpy(w.todo, path);
	rc = enter_root(&w);
	at = rc == 0 ? walk(&w, leaf, st) : rc;
	if (at >= 0) {
		rc = check_file(&w, at, leaf, st);
		close(at);
		if (rc == 0)
			rc = open_trusted(&w, leaf, st);
	} else {
		rc = at;
	}
	if (w.dir >= 0)
		close(w.dir);
	return rc;
}
