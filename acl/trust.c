/*
 * trust.c - walk a path as the caller, trusting nothing a user could write.
 *
 * The rule is in trust.h.  The walk resolves the path itself, one component
 * at a time from "/", instead of letting open(2) follow it: only then is
 * every directory on the way seen, including those of each symlink's
 * target and of "..".  OpenSSH's safe_path() checks the directories of the
 * path as written; a symlink in a trusted directory may point anywhere, so
 * here the target is walked under the same rule.  Every check is made on an
 * O_PATH descriptor of the thing itself, never on a name.
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

__attribute__((format(printf, 2, 3))) static int refuse(struct walk *w,
							const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->why, w->whylen, fmt, ap);
	va_end(ap);
	return -EPERM;
}

/* what: "it " for the file asked for, "directory /x " for a directory. */
static int check_fs(struct walk *w, int fd, const char *what)
{
	struct statfs sf;
	size_t i;

	if (fstatfs(fd, &sf) < 0)
		return -errno;
	for (i = 0; i < sizeof(pseudo_fs) / sizeof(pseudo_fs[0]); i++) {
		if ((uint32_t)sf.f_type != pseudo_fs[i].magic)
			continue;
		snprintf(w->why, w->whylen,
			 "%sis on %s, a pseudo filesystem, "
			 "not one that stores files",
			 what, pseudo_fs[i].name);
		return -EPERM;
	}
	return 0;
}

static int check_owner_mode(struct walk *w, const struct stat *st,
			    const char *what)
{
	if (st->st_uid != 0)
		return refuse(w,
			      "%sis owned by uid %lu, not root; run "
			      "'chown root' on it",
			      what, (unsigned long)st->st_uid);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return refuse(w,
			      "%sis writable by group or others (mode "
			      "%04lo); run 'chmod go-w' on it",
			      what, (unsigned long)(st->st_mode & 07777));
	return 0;
}

/*
 * A directory on the way, st its fstat: root's, not writable by others,
 * on a real filesystem.
 */
static int check_dir(struct walk *w, int fd, const struct stat *st)
{
	char what[PATH_MAX + 16];
	int rc;

	snprintf(what, sizeof(what), "directory %s ", w->seen);
	rc = check_owner_mode(w, st, what);
	return rc < 0 ? rc : check_fs(w, fd, what);
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
	size_t n = strlen(w->seen);
	char *slash;

	if (strcmp(comp, "..") == 0) {
		slash = strrchr(w->seen, '/');
		if (slash != NULL)
			slash[slash == w->seen ? 1 : 0] = '\0';
	} else if (n + strlen(comp) + 2 < sizeof(w->seen)) {
		snprintf(w->seen + n, sizeof(w->seen) - n, "%s%s",
			 n > 1 ? "/" : "", comp);
	}
	close(w->dir);
	w->dir = fd;
	return check_dir(w, fd, st);
}

/* Replace the symlink at fd by its target in what is left to resolve. */
static int follow(struct walk *w, int fd, size_t *at)
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

/*
 * Walk to the last component; every directory on the way is checked as it
 * is entered.  Returns an O_PATH descriptor of what the path names (not a
 * symlink, not a directory), with its name left in leaf; or -errno.
 */
static int walk(struct walk *w, char leaf[NAME_MAX + 1])
{
	struct stat st;
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
		if (fstat(fd, &st) < 0) {
			rc = -errno;
		} else if (S_ISLNK(st.st_mode)) {
			rc = follow(w, fd, &at);
		} else if (S_ISDIR(st.st_mode)) {
			/* fd becomes w->dir, closed with it. */
			rc = enter(w, fd, leaf, &st);
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

/* The file itself, on its O_PATH descriptor, before it is opened. */
static int check_file(struct walk *w, int fd, const char *leaf, struct stat *st)
{
	char what[PATH_MAX + NAME_MAX + 32] = "it ";
	int rc;

	if (fstat(fd, st) < 0)
		return -errno;
	/* Through a symlink, say which file was found. */
	if (w->links > 0)
		snprintf(what, sizeof(what), "its target %s%s%s ", w->seen,
			 strcmp(w->seen, "/") == 0 ? "" : "/", leaf);
	if (!S_ISREG(st->st_mode))
		return refuse(w, "%sis not a regular file", what);
	rc = check_owner_mode(w, st, what);
	return rc < 0 ? rc : check_fs(w, fd, what);
}

int trust_open(const char *path, struct stat *st, char *why, size_t whylen)
{
	struct walk w = { .dir = -1, .why = why, .whylen = whylen };
	char leaf[NAME_MAX + 1];
	int at, fd = -1, rc;

	why[0] = '\0';
	if (path[0] != '/')
		return -EINVAL;
	if (strlen(path) >= sizeof(w.todo))
		return -ENAMETOOLONG;
	strcpy(w.todo, path);
	rc = enter_root(&w);
	at = rc == 0 ? walk(&w, leaf) : rc;
	if (at >= 0)
		rc = check_file(&w, at, leaf, st);
	/* Only now may "the caller cannot read it" mean EACCES. */
	if (at >= 0 && rc == 0) {
		fd = openat(w.dir, leaf,
			    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
				    O_CLOEXEC);
		/*
		 * Root may have put another file in the name since (an atomic
		 * rename, as editors do): only root can, in a trusted
		 * directory, and the file read is judged again, itself.
		 */
		if (fd < 0)
			rc = -errno;
		else
			rc = check_file(&w, fd, leaf, st);
	}
	if (at >= 0)
		close(at);
	else
		rc = at;
	if (w.dir >= 0)
		close(w.dir);
	if (rc < 0 && fd >= 0)
		close(fd);
	return rc < 0 ? rc : fd;
}
