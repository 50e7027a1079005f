/*
 * file.c - the real loader: read an ACL file the caller may trust.
 *
 *  1. It runs as the calling user, with no effective capability (the
 *     helper has become the real uid and gid, keeping the caller's groups),
 *     so the kernel decides what the caller may read.  trust_open() decides
 *     what may be trusted (EACCES only on a trusted path) and opens without
 *     blocking or taking a controlling terminal.
 *  2. A file is never read past ACL_MAX_FILE_SIZE, and the buffer never
 *     grows past ACL_MAX_FILE_SIZE + 1 bytes.
 *  3. A file is read as it was when trust_open() looked at it: up to the
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
 * 0, 1 when the file is larger than ACL_MAX_FILE_SIZE, or -errno.  The
 * first buffer is the size fstat saw and a byte, so that one read is all a
 * file that did not change takes (rule 3); 4 KiB when fstat knows no size.
 */
static int read_all(int fd, off_t size, struct acl_text *t)
{
	size_t cap = size > 0 ? (size_t)size + 1 : 4096, len = 0;
	char *buf = malloc(cap), *n;
	ssize_t got;
	int rc = 0;

	while (buf != NULL) {
		got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			break;
		}
		len += (size_t)got;
		if (got == 0 || (size > 0 && len == (size_t)size))
			break;
		if (len > ACL_MAX_FILE_SIZE) {
			rc = 1;
			break;
		}
		if (len == cap) {
			cap = cap * 2 > ACL_MAX_FILE_SIZE + 1
				      ? ACL_MAX_FILE_SIZE + 1
				      : cap * 2;
			n = realloc(buf, cap);
			if (n == NULL)
				free(buf);
			buf = n;
		}
	}
	if (buf == NULL)
		return -ENOMEM;
	if (rc != 0) {
		free(buf);
		return rc;
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
	rc = st.st_size > (off_t)ACL_MAX_FILE_SIZE
		     ? 1
		     : read_all(fd, st.st_size, t);
	close(fd);
	if (rc <= 0)
		return rc;
	snprintf(why, whylen, "it is larger than %u bytes",
		 (unsigned)ACL_MAX_FILE_SIZE);
	return -EPERM;
}

const struct acl_loader acl_file_loader = { file_load, NULL };
