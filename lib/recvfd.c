/*
 * recvfd.c - receive descriptors over a unix socket, whoever sends them.
 *
 * The sender may be a broken or hostile program.  Every descriptor the
 * kernel installs in this process is either returned or closed, never
 * leaked; all arrive close-on-exec (MSG_CMSG_CLOEXEC), so a VMM that forks
 * at the same time does not pass them on by accident.
 */
#include "brhelper.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

/*
 * Close descriptors a helper sent that are not kept.  A socket's close
 * can block for as long as the sender chose (SO_LINGER over unsent data),
 * so its linger is cut first: the close then returns at once.  (A file on
 * a FUSE or NFS mount can block its close too; a helper that can send one
 * controls the VMM's configuration already.  libbrhelper(3), CAVEATS.)
 */
void brh_discard(const int *fds, size_t n)
{
	struct linger none = { 1, 0 };
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++) {
		if (fstat(fds[i], &st) == 0 && S_ISSOCK(st.st_mode))
			setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &none,
				   sizeof(none));
		close(fds[i]);
	}
}

/* Take every SCM_RIGHTS descriptor out of msg, at most cap of them. */
static size_t collect(struct msghdr *msg, int *got, size_t cap)
{
	struct cmsghdr *c;
	size_t n = 0;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		size_t i, k;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < k && n < cap; i++)
			memcpy(&got[n++], CMSG_DATA(c) + i * sizeof(int),
			       sizeof(int));
	}
	return n;
}

int brh_recv_fds(int sock, int *fds, size_t want, struct brh_error *e)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * BRH_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	int got[BRH_MAX_FDS];
	char data[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr msg;
	ssize_t n;
	size_t k;

	brh_error_clear(e);
	if (want < 1 || want > BRH_MAX_FDS)
		return brh_fail(e, EINVAL, "asked for %zu fds; 1 to %d", want,
				BRH_MAX_FDS);
	do {
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return brh_fail(e, errno, "receiving the fd: %s",
				strerror(errno));
	k = collect(&msg, got, BRH_MAX_FDS);
	if (msg.msg_flags & MSG_CTRUNC) {
		brh_discard(got, k);
		return brh_fail(e, EMSGSIZE,
				"receiving the fd: more "
				"descriptors than %d, or truncated control "
				"data",
				BRH_MAX_FDS);
	}
	if (k == 0)
		return brh_fail(e, n == 0 ? ECONNRESET : EBADMSG,
				n == 0 ? "the helper closed the socket "
					 "without sending a descriptor"
				       : "the helper sent data without a "
					 "descriptor");
	if (k > want) {
		brh_discard(got + want, k - want);
		k = want;
	}
	memcpy(fds, got, k * sizeof(int));
	return (int)k;
}

int brh_recv_fd(int sock, struct brh_error *e)
{
	int fd;

	if (brh_recv_fds(sock, &fd, 1, e) < 0)
		return -1;
	return fd;
}
