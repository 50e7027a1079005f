/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * fds.c - the caller's descriptors, as the helper and its forwarder
 * (tools/brhelper-forward.c) both handle them: what --fd must be, the one
 * message that carries TAP fds, and stderr left to be read.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

static int sockopt(int fd, int opt, int *val)
{
	socklen_t len = sizeof(*val);

	return getsockopt(fd, SOL_SOCKET, opt, val, &len);
}

/* What is wrong with fd as --fd, or NULL. */
const char *fd_problem(int fd)
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

/* One message on sock: len bytes of data and the n fds in queue order
 * (common/wire.h).  Under the filter: sendmsg, and nothing else. */
ssize_t send_msg(int sock, const void *data, size_t len, const int *fds,
		 unsigned n, int flags)
{
	struct iovec iov = { (void *)data, len };
	union {
		char buf[CMSG_SPACE(sizeof(int) * BRH_WIRE_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;
	ssize_t sent;

	memset(&ctl, 0, sizeof(ctl));
	if (n > 0) {
		msg.msg_control = ctl.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * n);
	}
	do
		sent = sendmsg(sock, &msg, MSG_NOSIGNAL | flags);
	while (sent < 0 && errno == EINTR);
	return sent;
}

/* libvirt builds its error at our exit: a line still in the stderr pipe
 * would never reach virsh.  So, with no capability left, wait <= 1 s. */
void stderr_drained(void)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct stat st;
	int left, i;

	if (fstat(2, &st) < 0 || !S_ISFIFO(st.st_mode))
		return;
	for (i = 0; i < 100; i++) {
		if (ioctl(2, FIONREAD, &left) < 0 || left == 0)
			return;
		nanosleep(&tick, NULL);
	}
}
