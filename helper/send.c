/*
 * send.c - the --fd socket: check it, then hand the TAP over on it.
 *
 * The caller chooses the descriptor, so it is checked for what it must be:
 * open, a socket, AF_UNIX, stream or seqpacket, not listening, connected,
 * its peer still there.  The send happens only after every privilege is
 * gone (main.c, step 8), so whatever the socket is connected to sees the
 * caller's own uid.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../policy/policy.h"

static int sockopt(int fd, int opt, int *val)
{
	socklen_t len = sizeof(*val);

	return getsockopt(fd, SOL_SOCKET, opt, val, &len);
}

/* What is wrong with fd as --fd, or NULL. */
static const char *problem(int fd)
{
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	struct pollfd pfd = { fd, POLLOUT, 0 };
	struct stat st;
	int domain, type, listening;

	if (fcntl(fd, F_GETFD) < 0)
		return "not an open file descriptor";
	if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		return "not a socket";
	if (sockopt(fd, SO_DOMAIN, &domain) < 0 || domain != AF_UNIX)
		return "not a unix (AF_UNIX) socket";
	if (sockopt(fd, SO_TYPE, &type) < 0 ||
	    (type != SOCK_STREAM && type != SOCK_SEQPACKET))
		return "not a stream or seqpacket socket";
	if (sockopt(fd, SO_ACCEPTCONN, &listening) < 0 || listening)
		return "a listening socket, not a connected one";
	if (getpeername(fd, (struct sockaddr *)&peer, &plen) < 0)
		return "not connected";
	if (poll(&pfd, 1, 0) < 0 || (pfd.revents & (POLLHUP | POLLERR)))
		return "its peer has already closed it";
	return NULL;
}

/*
 * A wrong --fd is the caller's mistake (exit 2): a value that is not what
 * it must be, or a call that failed with an errno that says so (EBADF,
 * ENOTSOCK, ENOTCONN).  Any other failure is the system's (exit 4).  A
 * right one is moved to POLICY_SOCK_FD, which the allowlist names (every
 * other inherited fd is closed by then).
 */
int send_check(int fd, char *err, size_t errlen)
{
	const char *why;

	errno = 0;
	why = problem(fd);
	if (why == NULL && fd == POLICY_SOCK_FD)
		return 0;
	if (why == NULL && dup2(fd, POLICY_SOCK_FD) == POLICY_SOCK_FD &&
	    close(fd) == 0)
		return 0;
	if (why == NULL) {
		snprintf(err, errlen, "--fd=%d: moving it to fd %d: %s", fd,
			 POLICY_SOCK_FD, strerror(errno));
		return BRH_EXIT_SYSTEM;
	}
	if (errno != 0 && errno != EBADF && errno != ENOTSOCK &&
	    errno != ENOTCONN) {
		snprintf(err, errlen, "--fd=%d: checking it: %s", fd,
			 strerror(errno));
		return BRH_EXIT_SYSTEM;
	}
	snprintf(err, errlen,
		 "--fd=%d: %s%s%s; pass one end of socketpair(AF_UNIX, "
		 "SOCK_STREAM)",
		 fd, why, errno ? ": " : "", errno ? strerror(errno) : "");
	return BRH_EXIT_USAGE;
}

/*
 * One message, one data byte, the n fds in queue order, on the socket
 * (POLICY_SOCK_FD) given as --fd=shown.  Runs under the seccomp filter:
 * sendmsg and, on failure, the message only.
 */
int send_fds(int shown, const int *fds, unsigned n, char *err, size_t errlen)
{
	char byte = BRH_WIRE_BYTE;
	struct iovec iov = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * BRH_WIRE_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;
	ssize_t sent;

	memset(&ctl, 0, sizeof(ctl));
	msg.msg_control = ctl.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * n);
	do
		sent = sendmsg(POLICY_SOCK_FD, &msg, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent == 1)
		return 0;
	/* In the C locale strerror makes no call (hand_off_fails_cleanly_*). */
	snprintf(err, errlen, "sending the TAP fd%s on --fd=%d: %s",
		 n > 1 ? "s" : "", shown,
		 sent < 0 ? strerror(errno) : "short write");
	return BRH_EXIT_SYSTEM;
}
