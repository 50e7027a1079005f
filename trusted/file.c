/*
 * file.c - the real loader: read an ACL file the caller may trust.
 *
 * Rules this file keeps:
 *  1. It runs as the calling user, with no effective capability (the
 *     helper has become the real uid and gid, keeping the caller's groups),
 *     so the kernel decides what the caller may read; EACCES is reported as
 *     such, for per-user includes, and only for a path that is trusted.
 *  2. What may be trusted is decided by trust_open() (trust.c): the file
 *     and every directory it is reached through, on the open descriptors.
 *  3. Opening never blocks (O_NONBLOCK) and never takes a controlling
 *     terminal; a file is never read past ACL_MAX_FILE_SIZE, and the
 *     buffer never grows past ACL_MAX_FILE_SIZE + 1 bytes.
 *  4. A file is read as it was when trust_open() looked at it: up to the
 *     size fstat gave (no read to find the end, which a file only root
 *     can write has nowhere else), or to its end if that comes first; a
 *     size of 0 (which is all some files say) reads to the end.
 */
#include "../acl/acl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trust.h"

/*
 * The first read's buffer: the size fstat saw and a byte, so that the one
 * read of a file that did not change is all there is (rule 4), in no more
 * memory than the file takes; 4 KiB when fstat knows no size.
 */
static size_t first_cap(const struct stat *st)
{
	if (st->st_size <= 0)
		return 4096;
	return (size_t)st->st_size + 1;
}

static int too_large(char *buf, char *why, size_t whylen)
{
	free(buf);
	snprintf(why, whylen, "it is larger than %u bytes",
		 (unsigned)ACL_MAX_FILE_SIZE);
	return -EPERM;
}

static int read_all(int fd, const struct stat *st, struct acl_text *t,
		    char *why, size_t whylen)
{
	size_t cap = first_cap(st), len = 0, ncap;
	char *buf = malloc(cap), *n;
	ssize_t got;

	if (buf == NULL)
		return -ENOMEM;
	for (;;) {
		if (len > ACL_MAX_FILE_SIZE)
			return too_large(buf, why, whylen);
		if (len == cap) {
			ncap = cap * 2 > ACL_MAX_FILE_SIZE + 1
				       ? ACL_MAX_FILE_SIZE + 1
				       : cap * 2;
			n = realloc(buf, ncap);
			if (n == NULL) {
				free(buf);
				return -ENOMEM;
			}
			buf = n;
			cap = ncap;
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
		if (st->st_size > 0 && len == (size_t)st->st_size)
			break;
	}
	t->data = buf;
	t->len = len;
	return 0;
}

static int file_load(void *ctx, const char *path, struct acl_text *t, char *why,
		     size_t whylen)
{
	struct stat st;
	int fd, rc;

	(void)ctx;
	fd = trust_open(path, &st, why, whylen);
	if (fd < 0)
		return fd;
	if (st.st_size > (off_t)ACL_MAX_FILE_SIZE)
		rc = too_large(NULL, why, whylen);
	else
		rc = read_all(fd, &st, t, why, whylen);
	close(fd);
	if (rc == 0) {
		t->dev = (uint64_t)st.st_dev;
		t->ino = (uint64_t)st.st_ino;
	}
	return rc;
}

const struct acl_loader acl_file_loader = { file_load, NULL };

