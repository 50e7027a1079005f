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
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"

/* The TUN/TAP clone device, /dev/net/tun: major 10, minor 200. */
static int is_tun(const struct stat *st)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == 10 &&
	       minor(st->st_rdev) == 200;
}

/*
 * Close descriptors a helper sent that are not kept.  close(2) can block
 * on what the sender chose: a socket lingering over unsent data
 * (SO_LINGER), a FUSE file whose server never answers the flush.  So a
 * socket's linger is cut first, and anything but a socket or a TAP is
 * closed in a grandchild that nobody waits for: our close is then never
 * the last one, and returns at once.
 */
void brh_discard(const int *fds, size_t n)
{
	struct linger none = { 1, 0 };
	struct stat st;
	size_t i, slow = 0;
	pid_t child;

	for (i = 0; i < n; i++) {
		if (fstat(fds[i], &st) == 0 && S_ISSOCK(st.st_mode))
			setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &none,
				   sizeof(none));
		else if (fstat(fds[i], &st) < 0 || !is_tun(&st))
			slow++;
	}
	child = slow > 0 ? fork() : -1;
	if (child == 0) {
		/* Only async-signal-safe calls: the caller may be threaded. */
		if (fork() == 0) {
			for (i = 0; i < n; i++)
				close(fds[i]);
		}
		_exit(0);
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	while (child > 0 && waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
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
