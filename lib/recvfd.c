/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * recvfd.c - receive the helper's fds over a unix socket.
 *
 * Every fd the kernel installs in this process is either returned or
 * closed, never leaked; all arrive close-on-exec (MSG_CMSG_CLOEXEC), so a
 * VMM that forks at the same time does not pass them on by accident.
 */
#include "brhelper.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "error.h"

void brh_close_all(const int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

/* Take every SCM_RIGHTS fd out of msg, at most cap of them. */
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
		char buf[CMSG_SPACE(sizeof(int) * BRH_MAX_QUEUES)];
		struct cmsghdr align;
	} ctl;
	int got[BRH_MAX_QUEUES];
	char data[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr msg;
	ssize_t n;
	size_t k;

	brh_error_clear(e);
	if (want < 1 || want > BRH_MAX_QUEUES)
		return brh_fail(e, EINVAL, "asked for %zu fds; 1 to %d", want,
				BRH_MAX_QUEUES);
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
	k = collect(&msg, got, BRH_MAX_QUEUES);
	if (msg.msg_flags & MSG_CTRUNC) {
		brh_close_all(got, k);
		return brh_fail(e, EMSGSIZE,
				"receiving the fd: more than %d fds, or "
				"truncated control data",
				BRH_MAX_QUEUES);
	}
	if (k == 0)
		return brh_fail(e, n == 0 ? ECONNRESET : EBADMSG,
				n == 0 ? "the helper closed the socket "
					 "without sending a descriptor"
				       : "the helper sent data without a "
					 "descriptor");
	if (k > want) {
		brh_close_all(got + want, k - want);
		k = want;
	}
	memcpy(fds, got, k * sizeof(int));
	return (int)k;
}
