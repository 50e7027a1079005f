/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/* fdcheck.c - what --fd must be: the helper's check, and the forwarder's. */
#include "helper.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

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
