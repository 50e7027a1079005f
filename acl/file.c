/*
 * file.c - open an ACL file and decide whether it may be trusted.
 *
 * Rules this file keeps:
 *  1. It runs as the calling user (the helper has already become the real
 *     uid and gid, keeping the caller's groups), so the kernel decides what
 *     the caller may read; EACCES is reported as such, for per-user includes.
 *  2. Owner, mode and type are checked on the open descriptor, never on the
 *     path, so a file swapped after the check is not the file read.
 *  3. A file that is not regular, not owned by root, or writable by group
 *     or others is refused: whoever could write it could grant bridges.
 *  4. Opening never blocks (O_NONBLOCK: a FIFO is refused, not waited on)
 *     and never takes a controlling terminal.
 */
#include "acl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int check_trust(const struct stat *st, const char *path, char *why,
		       size_t whylen)
{
	if (!S_ISREG(st->st_mode))
		snprintf(why, whylen, "%s is not a regular file", path);
	else if (st->st_uid != 0)
		snprintf(why, whylen,
			 "%s is owned by uid %u, not root; "
			 "run 'chown root %s'", path, (unsigned)st->st_uid,
			 path);
	else if (st->st_mode & (S_IWGRP | S_IWOTH))
		snprintf(why, whylen,
			 "%s is writable by group or others; "
			 "run 'chmod go-w %s'", path, path);
	else if (st->st_size > (off_t)ACL_MAX_FILE_SIZE)
		snprintf(why, whylen, "%s is larger than %u bytes", path,
			 ACL_MAX_FILE_SIZE);
	else
		return 0;
	return -EPERM;
}

static int read_all(int fd, struct acl_text *t, const char *path, char *why,
		    size_t whylen)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap), *n;
	ssize_t got;

	if (buf == NULL)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap > ACL_MAX_FILE_SIZE) {
				free(buf);
				snprintf(why, whylen, "%s grew past %u bytes "
					 "while being read", path,
					 ACL_MAX_FILE_SIZE);
				return -EPERM;
			}
			n = realloc(buf, cap * 2);
			if (n == NULL) {
				free(buf);
				return -ENOMEM;
			}
			buf = n;
			cap *= 2;
		}
		got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;

			free(buf);
			return -e;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	t->data = buf;
	t->len = len;
	return 0;
}

static int file_load(void *ctx, const char *path, struct acl_text *t,
		     char *why, size_t whylen)
{
	struct stat st;
	int fd, rc;

	(void)ctx;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else
		rc = check_trust(&st, path, why, whylen);
	if (rc == 0)
		rc = read_all(fd, t, path, why, whylen);
	close(fd);
	if (rc == 0) {
		t->dev = (uint64_t)st.st_dev;
		t->ino = (uint64_t)st.st_ino;
	}
	return rc;
}

const struct acl_loader acl_file_loader = { file_load, NULL };
