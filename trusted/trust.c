/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * trust.c - what makes a file safe to believe: the one room for the rule,
 * and the ACL's loader on it (acl_file_loader).
 *
 * A file may steer the helper (the ACL, its includes, /etc/passwd and
 * /etc/group) only when nobody but root could have written what it says:
 *  - it is a regular file, owned by root, not writable by group or others;
 *  - so is every directory it is reached through, from "/" down (sticky or
 *    not): for the path as written, for "..", and for every symlink
 *    followed, wherever it points;
 *  - the file and each of those directories is on a filesystem that stores
 *    files (fstatfs): never procfs, sysfs or another pseudo filesystem, nor
 *    FUSE, whose answers come from a user's process.
 * The walk resolves the path itself, from "/": only so is every directory
 * seen, those of each symlink's target and of ".." too (OpenSSH's
 * safe_path() sees only the path as written).  Each directory and the file
 * is opened O_PATH|O_NOFOLLOW, one component at a time, then the file
 * O_RDONLY|O_NOFOLLOW|O_NONBLOCK, each checked on the open descriptor
 * before anything is read: what is checked is what is read.  All of it
 * runs as the caller, so the kernel decides what the caller may search and
 * read; only on a trusted path does EACCES count as "may not read it".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "../acl/acl.h"

#define TRUST_MAX_LINKS 40 /* symlinks followed in one path, as Linux */

/* State, not files (a symlink to /proc/self/comm too): always refused. */
static const struct {
	uint32_t magic;
	const char *name;
} pseudo_fs[] = {
	{ PROC_SUPER_MAGIC, "proc" },		{ SYSFS_MAGIC, "sysfs" },
	{ DEBUGFS_MAGIC, "debugfs" },		{ TRACEFS_MAGIC, "tracefs" },
	{ SECURITYFS_MAGIC, "securityfs" },	{ BPF_FS_MAGIC, "bpf" },
	{ CGROUP_SUPER_MAGIC, "cgroup" },	{ EFIVARFS_MAGIC, "efivarfs" },
	{ CGROUP2_SUPER_MAGIC, "cgroup2" },	{ PSTOREFS_MAGIC, "pstore" },
	{ DEVPTS_SUPER_MAGIC, "devpts" },	{ SELINUX_MAGIC, "selinuxfs" },
	{ BINFMTFS_MAGIC, "binfmt_misc" },	{ SMACK_MAGIC, "smackfs" },
	{ AUTOFS_SUPER_MAGIC, "autofs" },	{ NSFS_MAGIC, "nsfs" },
	{ OPENPROM_SUPER_MAGIC, "openpromfs" }, { 0x62656570, "configfs" },
	{ USBDEVICE_SUPER_MAGIC, "usbdevfs" },	{ 0x19800202, "mqueue" },
	{ FUSE_SUPER_MAGIC, "fuse" },		{ 0x65735543, "fusectl" },
};

struct walk {
	char todo[PATH_MAX]; /* the path left to resolve */
	char seen[PATH_MAX]; /* the directory reached, for messages */
	int dir;	     /* O_PATH descriptor of that directory */
	unsigned links;	     /* symlinks followed so far */
	char *why;
	size_t whylen;
};

/* "directory /x ...", "it ..." or "its target /y/leaf ...", then fmt. */
__attribute__((format(printf, 3, 4))) static int
refuse(struct walk *w, const char *leaf, const char *fmt, ...)
{
	size_t o;
	va_list ap;

	if (leaf == NULL)
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

/* The directory reached (leaf NULL) or the file leaf, st its fstat. */
static int check(struct walk *w, int fd, const struct stat *st,
		 const char *leaf)
{
	struct statfs sf;
	size_t i;

	if (leaf != NULL && !S_ISREG(st->st_mode))
		return refuse(w, leaf, "is not a regular file");
	if (st->st_uid != 0)
		return refuse(w, leaf,
			      "is owned by uid %lu, not root; run 'chown root' "
			      "on it",
			      (unsigned long)st->st_uid);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return refuse(w, leaf,
			      "is writable by group or others (mode %04lo); "
			      "run 'chmod go-w' on it",
			      (unsigned long)(st->st_mode & 07777));
	if (fstatfs(fd, &sf) < 0)
		return -errno;
	for (i = 0; i < sizeof(pseudo_fs) / sizeof(pseudo_fs[0]); i++)
		if ((uint32_t)sf.f_type == pseudo_fs[i].magic)
			return refuse(w, leaf,
				      "is on %s, a pseudo filesystem, not one "
				      "that stores files",
				      pseudo_fs[i].name);
	return 0;
}

/* Make fd, reached by comp ("/", "..", a name), the directory, checked. */
static int enter(struct walk *w, int fd, const char *comp)
{
	size_t n = strlen(w->seen), len = strlen(comp);
	char *slash = strrchr(w->seen, '/');
	struct stat st;

	if (strcmp(comp, "/") == 0)
		strcpy(w->seen, "/");
	else if (strcmp(comp, "..") == 0 && slash != NULL)
		slash[slash == w->seen ? 1 : 0] = '\0';
	else if (strcmp(comp, "..") != 0 && n + len + 2 < sizeof(w->seen))
		snprintf(w->seen + n, sizeof(w->seen) - n, "%s%s",
			 n > 1 ? "/" : "", comp);
	if (w->dir >= 0)
		close(w->dir);
	w->dir = fd;
	if (fstat(fd, &st) < 0)
		return -errno;
	return check(w, fd, &st, NULL);
}

static int enter_root(struct walk *w)
{
	int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : enter(w, fd, "/");
}

/* The symlink at fd's target in its place in w->todo (noinline: its
 * PATH_MAX buffer is on the stack only for a symlink). */
__attribute__((noinline)) static int follow(struct walk *w, int fd, size_t *at)
{
	size_t rest = strlen(w->todo + *at);
	char target[PATH_MAX];
	ssize_t n;

	if (++w->links > TRUST_MAX_LINKS)
		return -ELOOP;
	n = readlinkat(fd, "", target, sizeof(target));
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ENOENT;
	if ((size_t)n >= sizeof(target) || (size_t)n + rest >= sizeof(w->todo))
		return -ENAMETOOLONG;
	memmove(w->todo + n, w->todo + *at, rest + 1);
	memcpy(w->todo, target, (size_t)n);
	*at = 0;
	return target[0] == '/' ? enter_root(w) : 0;
}

/* The next component from *at into comp: 1, 0 at the end, or -errno. */
static int next_comp(const char *todo, size_t *at, char comp[NAME_MAX + 1])
{
	size_t n;

	*at += strspn(todo + *at, "/");
	n = strcspn(todo + *at, "/");
	if (n > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(comp, todo + *at, n);
	comp[n] = '\0';
	*at += n;
	return n > 0;
}

/* Trusted so far: only now may EACCES mean "may not read it".  Another file
 * put there since (a rename, by root only) is judged again, itself. */
static int open_leaf(struct walk *w, const char *leaf, struct stat *st)
{
	int fd = openat(w->dir, leaf,
			O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
				O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = fstat(fd, st) < 0 ? -errno : check(w, fd, st, leaf);
	if (rc == 0)
		return fd;
	close(fd);
	return rc;
}

/* Component by component, each directory checked as entered, to the file:
 * its O_PATH fd checked, then open_leaf()'s fd; or -errno. */
static int walk(struct walk *w, struct stat *st)
{
	char leaf[NAME_MAX + 1];
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
		} else if (S_ISDIR(st->st_mode)) {
			rc = enter(w, fd, leaf); /* fd is w->dir now */
			fd = -1;
		} else if (S_ISLNK(st->st_mode)) {
			rc = follow(w, fd, &at);
		} else if (w->todo[at] != '\0') {
			rc = -ENOTDIR;
		} else {
			rc = check(w, fd, st, leaf);
			close(fd);
			return rc < 0 ? rc : open_leaf(w, leaf, st);
		}
		if (fd >= 0)
			close(fd);
		if (rc < 0)
			return rc;
	}
	if (rc < 0)
		return rc;
	snprintf(w->why, w->whylen, "it is a directory, not a regular file");
	return -EPERM;
}

/* Open path (absolute) for reading: the fd, *st its fstat; or -errno, as
 * acl.h's loader (why, for -EPERM, never repeats path itself). */
static int trust_open(const char *path, struct stat *st, char *why,
		      size_t whylen)
{
	struct walk w = { .dir = -1, .why = why, .whylen = whylen };
	int rc;

	why[0] = '\0';
	if (path[0] != '/')
		return -EINVAL;
	if (strlen(path) >= sizeof(w.todo))
		return -ENAMETOOLONG;
	strcpy(w.todo, path);
	rc = enter_root(&w);
	if (rc == 0)
		rc = walk(&w, st);
	if (w.dir >= 0)
		close(w.dir);
	return rc;
}

/* size bytes (fstat's, bounded), fewer if the file shrank since: 0, or
 * -errno. */
static int read_all(int fd, size_t size, struct acl_text *t)
{
	char *buf = malloc(size + 1);
	size_t len = 0;
	ssize_t got;
	int rc;

	if (buf == NULL)
		return -ENOMEM;
	while (len < size) {
		got = read(fd, buf + len, size - len);
		if (got == 0)
			break;
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			free(buf);
			return rc;
		}
		len += (size_t)got;
	}
	t->data = buf;
	t->len = len;
	return 0;
}

static int file_load(void *ctx, const char *path, struct acl_text *t, char *why,
		     size_t whylen)
{
	struct stat st;
	int fd = trust_open(path, &st, why, whylen), rc;

	(void)ctx;
	if (fd < 0)
		return fd;
	t->dev = (uint64_t)st.st_dev;
	t->ino = (uint64_t)st.st_ino;
	if (st.st_size > (off_t)ACL_MAX_FILE_SIZE) {
		snprintf(why, whylen, "it is larger than %u bytes",
			 (unsigned)ACL_MAX_FILE_SIZE);
		rc = -EPERM;
	} else {
		rc = read_all(fd, (size_t)st.st_size, t);
	}
	close(fd);
	return rc;
}

const struct acl_loader acl_file_loader = { file_load, NULL };
