/*
 * usock.c - the --fd socket: check it, then hand the TAP over on it.
 *
 * The caller chooses the descriptor, so it is checked for what it must be:
 * open, a socket, AF_UNIX, stream or seqpacket, not listening, connected,
 * peer still there.  The send happens only after every privilege is gone,
 * so whatever the socket is connected to sees the caller's own uid.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "../lib/wire.h"

static int sockopt(int fd, int opt, int *val)
{
	socklen_t len = sizeof(*val);

	return getsockopt(fd, SOL_SOCKET, opt, val, &len);
}

/*
 * What a right --fd is, in three calls: a stream or seqpacket socket
 * (getsockopt fails on anything else), connected to an AF_UNIX peer (which
 * no listening socket is), that peer still there.  Anything else is looked
 * at call by call below, to say what is wrong with it.
 */
static bool connected_unix(int fd)
{
	struct sockaddr_un peer;
	socklen_t plen = sizeof(peer);
	struct pollfd pfd = { fd, POLLOUT, 0 };
	int type;

	return sockopt(fd, SO_TYPE, &type) == 0 &&
	       (type == SOCK_STREAM || type == SOCK_SEQPACKET) &&
	       getpeername(fd, (struct sockaddr *)&peer, &plen) == 0 &&
	       plen >= sizeof(sa_family_t) && peer.sun_family == AF_UNIX &&
	       poll(&pfd, 1, 0) == 1 && !(pfd.revents & (POLLHUP | POLLERR));
}

int usock_check(int fd, char *err, size_t errlen)
{
	struct sockaddr_un peer;
	socklen_t plen = sizeof(peer);
	struct pollfd pfd = { fd, POLLOUT, 0 };
	struct stat st;
	int domain, type, listening;
	const char *why = NULL;

	if (connected_unix(fd))
		return 0;
	if (fcntl(fd, F_GETFD) < 0)
		why = "not an open file descriptor";
	else if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		why = "not a socket";
	else if (sockopt(fd, SO_DOMAIN, &domain) < 0 || domain != AF_UNIX)
		why = "not a unix (AF_UNIX) socket";
	else if (sockopt(fd, SO_TYPE, &type) < 0 ||
		 (type != SOCK_STREAM && type != SOCK_SEQPACKET))
		why = "not a stream or seqpacket socket";
	else if (sockopt(fd, SO_ACCEPTCONN, &listening) < 0 || listening)
		why = "a listening socket, not a connected one";
	else if (getpeername(fd, (struct sockaddr *)&peer, &plen) < 0)
		why = "not connected";
	else if (poll(&pfd, 1, 0) < 0 || (pfd.revents & (POLLHUP | POLLERR)))
		why = "its peer has already closed it";
	if (why == NULL)
		return 0;
	snprintf(err, errlen,
		 "--fd=%d: %s; pass one end of "
		 "socketpair(AF_UNIX, SOCK_STREAM)",
		 fd, why);
	return -1;
}

int usock_send_fds(int sock, const int *fds, unsigned n_fds, char *err,
		   size_t errlen)
{
	char byte = BRH_WIRE_BYTE;
	struct iovec iov = { &byte, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * USOCK_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	ssize_t sent;

	memset(&ctl, 0, sizeof(ctl));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(int) * n_fds);
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int) * n_fds);
	memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * n_fds);
	do
		sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent == 1)
		return 0;
	snprintf(err, errlen, "sending the TAP fd%s on --fd=%d: %s",
		 n_fds > 1 ? "s" : "", sock,
		 sent < 0 ? strerror(errno) : "short write");
	return -1;
}
