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
 * directory, and for the file the descriptor it is read through, opened
 * as the caller (O_NOFOLLOW, O_NONBLOCK) and judged before a byte of it
 * is read.  Only where that open fails (a symlink to follow, a file the
 * caller may not read) is the file looked at through O_PATH first.
 *
 * A run reads two or three files, each through several directories, so
 * the walk makes only the system calls the rule needs: a message is
 * written only for a refusal, and fstatfs(2) is asked only when the
 * device changes (one st_dev is one mounted filesystem, one type).
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
	dev_t fs_dev;	     /* the last device fstatfs found a real fs on */
	bool fs_known;	     /* fs_dev is set */
	dev_t dir_dev;	     /* st_dev of dir */
	bool straight;	     /* no symlink or ".." taken: seen names dir */
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

/* On a pseudo filesystem?  Asked of the kernel when the device changes. */
static int check_fs(struct walk *w, int fd, const struct stat *st,
		    enum what what, const char *leaf)
{
	struct statfs sf;
	size_t i;

	if (w->fs_known && st->st_dev == w->fs_dev)
		return 0;
	if (fstatfs(fd, &sf) < 0)
		return -errno;
	for (i = 0; i < sizeof(pseudo_fs) / sizeof(pseudo_fs[0]); i++)
		if ((uint32_t)sf.f_type == pseudo_fs[i].magic)
			return refuse_as(w, what, leaf,
					 "is on %s, a pseudo filesystem, "
					 "not one that stores files",
					 pseudo_fs[i].name);
	w->fs_dev = st->st_dev;
	w->fs_known = true;
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
	return check_fs(w, fd, st, what, leaf);
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
	w->dir_dev = st.st_dev;
	return check_dir(w, fd, &st);
}

/* Make fd (a directory named comp, or ".."; st its fstat) the current one. */
static int enter(struct walk *w, int fd, const char *comp,
		 const struct stat *st)
{
	size_t n = strlen(w->seen), len = strlen(comp);
	char *slash;

	if (strcmp(comp, "..") == 0) {
		w->straight = false;
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
	w->dir_dev = st->st_dev;
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

	w->straight = false;
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
 * The last component, opened for reading as it is, with *st its fstat: the
 * fd, unless it is a directory or cannot be opened so (a symlink, a file
 * the caller may not read, none there), when the O_PATH walk decides.
 */
static int open_leaf(struct walk *w, const char *leaf, struct stat *st)
{
	int fd = openat(w->dir, leaf, READ_FLAGS);

	if (fd < 0)
		return -1;
	if (fstat(fd, st) == 0 && !S_ISDIR(st->st_mode))
		return fd;
	close(fd);
	return -1;
}

/*
 * Walk to the last component; every directory on the way is checked as it
 * is entered.  Returns a descriptor of what the path names (not a symlink,
 * not a directory), with its name left in leaf and *st its fstat: opened
 * for reading (*opened) or, when that could not be done, an O_PATH one;
 * or -errno.
 */
static int walk(struct walk *w, char leaf[NAME_MAX + 1], struct stat *st,
		bool *opened)
{
	size_t at = 0;
	int rc, fd;

	*opened = false;
	while ((rc = next_comp(w->todo, &at, leaf)) > 0) {
		if (strcmp(leaf, ".") == 0)
			continue;
		if (w->todo[at] == '\0' && strcmp(leaf, "..") != 0 &&
		    (fd = open_leaf(w, leaf, st)) >= 0) {
			*opened = true;
			return fd;
		}
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

/*
 * Start the walk in keep's directory, when path is below it: a copy of its
 * descriptor, found trusted by an earlier walk of this run.  Else from "/".
 */
static int start(struct walk *w, const struct trust_keep *keep,
		 const char *path)
{
	size_t n = keep != NULL && keep->fd >= 0 ? strlen(keep->path) : 0;

	if (n > 1 && strncmp(path, keep->path, n) == 0 && path[n] == '/') {
		w->dir = fcntl(keep->fd, F_DUPFD_CLOEXEC, 0);
		if (w->dir < 0)
			return -errno;
		memcpy(w->seen, keep->path, n + 1);
		memmove(w->todo, w->todo + n, strlen(w->todo + n) + 1);
		w->dir_dev = w->fs_dev = keep->dev;
		w->fs_known = true;
		/* "/kept/": the kept directory itself, as walk() says it. */
		if (only_slashes(w->todo))
			return refuse(w,
				      "it is a directory, not a regular file");
		return 0;
	}
	return enter_root(w);
}

/* What this walk leaves for the next: its last directory, if straight. */
static void keep_dir(struct walk *w, struct trust_keep *keep)
{
	if (keep == NULL || !w->straight || w->dir < 0 ||
	    strcmp(w->seen, "/") == 0 || strlen(w->seen) >= sizeof(keep->path))
		return;
	trust_keep_close(keep);
	keep->fd = w->dir;
	keep->dev = w->dir_dev;
	memcpy(keep->path, w->seen, strlen(w->seen) + 1);
	w->dir = -1;
}

void trust_keep_close(struct trust_keep *keep)
{
	if (keep->fd >= 0)
		close(keep->fd);
	keep->fd = -1;
}

int trust_open(const char *path, struct stat *st, char *why, size_t whylen)
{
	return trust_open_kept(NULL, path, st, why, whylen);
}

int trust_open_kept(struct trust_keep *keep, const char *path, struct stat *st,
		    char *why, size_t whylen)
{
	struct walk w = {
		.dir = -1, .straight = true, .why = why, .whylen = whylen
	};
	char leaf[NAME_MAX + 1];
	bool opened = false;
	int at, fd = -1, rc;

	why[0] = '\0';
	if (path[0] != '/')
		return -EINVAL;
	if (strlen(path) >= sizeof(w.todo))
		return -ENAMETOOLONG;
	strcpy(w.todo, path);
	rc = start(&w, keep, path);
	at = rc == 0 ? walk(&w, leaf, st, &opened) : rc;
	if (at < 0)
		rc = at;
	else
		rc = check_file(&w, at, leaf, st);
	if (at >= 0 && opened) {
		/* Opened for reading, and judged on that descriptor. */
		fd = at;
	} else if (at >= 0) {
		/* Only now may "the caller cannot read it" mean EACCES. */
		if (rc == 0)
			fd = openat(w.dir, leaf, READ_FLAGS);
		/*
		 * Root may have put another file in the name since (an atomic
		 * rename, as editors do): only root can, in a trusted
		 * directory, and the file read is judged again, itself.
		 */
		if (rc == 0 && (fd < 0 || fstat(fd, st) < 0))
			rc = -errno;
		else if (rc == 0)
			rc = check_file(&w, fd, leaf, st);
		close(at);
	}
	if (rc == 0)
		keep_dir(&w, keep);
	if (w.dir >= 0)
		close(w.dir);
	if (rc < 0 && fd >= 0)
		close(fd);
	return rc < 0 ? rc : fd;
}
