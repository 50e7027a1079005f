/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * brhelper-forward - the helper's request, passed on to the service
 * (brhelper(8), SERVICE).  brhelper runs it when it has no privilege (no
 * set-user-ID bit, no file capabilities), with the same arguments:
 *	[--use-vnet] [--queues=N] --br=BRIDGE --fd=UNIXFD
 * It holds nothing and reads no ACL: it sends one request to the service's
 * socket, and passes what comes back on: the fd(s) to --fd in one
 * SCM_RIGHTS message with one byte (as the helper does), the one line on
 * stderr, the service's exit status.  So QEMU's helper=, sh -c helper
 * strings and libvirt's bridge_helper work with no privileged binary.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../common/service.h"
#include "../helper/helper.h"

#ifndef BRH_SERVICE_PATH
#define BRH_SERVICE_PATH BRH_SERVICE_SOCKET
#endif

#define ANSWER_DEADLINE_MS 30000 /* the unit's RuntimeMaxSec= is less */

__attribute__((format(printf, 2, 3))) static int say(int status,
						     const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "brhelper: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	stderr_drained();
	return status;
}

/* Connected to the service: the socket, or -1 with errno. */
static int dial(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", BRH_SERVICE_PATH);
	if (s >= 0 && connect(s, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		return s;
	if (s >= 0) {
		int e = errno;

		close(s);
		errno = e;
	}
	return -1;
}

/* The answer, its fds into fds[*n]: 0, or -1 (a broken answer). */
static int answer(int s, struct brh_service_answer *a, int *fds, unsigned *n)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * BRH_WIRE_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { a, sizeof(*a) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct pollfd pfd = { s, POLLIN, 0 };
	struct cmsghdr *c;
	ssize_t got;

	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	*n = 0;
	if (poll(&pfd, 1, ANSWER_DEADLINE_MS) <= 0)
		return -1;
	got = recvmsg(s, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	for (c = got > 0 ? CMSG_FIRSTHDR(&msg) : NULL; c != NULL;
	     c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			*n = (unsigned)((c->cmsg_len - CMSG_LEN(0)) /
					sizeof(int));
			memcpy(fds, CMSG_DATA(c), *n * sizeof(int));
		}
	}
	if (got != (ssize_t)sizeof(*a) || (msg.msg_flags & MSG_CTRUNC) ||
	    a->version != BRH_SERVICE_VERSION || a->status < 0 ||
	    a->status > BRH_EXIT_SYSTEM ||
	    memchr(a->text, '\0', sizeof(a->text)) == NULL)
		return -1;
	return 0;
}

int main(int argc, char *argv[])
{
	struct brh_service_request q = { .version = BRH_SERVICE_VERSION };
	struct brh_service_answer a;
	char byte = BRH_WIRE_BYTE;
	int fds[BRH_WIRE_MAX_FDS], s;
	const char *why_fd;
	struct args args;
	char why[900];
	unsigned n, i;

	if (args_parse(argc, argv, &args, why, sizeof(why)) < 0)
		return say(BRH_EXIT_USAGE, "%s (see brhelper --help)", why);
	if (args.mode != MODE_RUN)
		return say(BRH_EXIT_USAGE, "brhelper-forward takes a run's "
					   "arguments only (see brhelper(8))");
	if ((why_fd = fd_problem(args.fd)) != NULL) /* as the helper checks */
		return say(BRH_EXIT_USAGE,
			   "--fd=%d: %s; pass one end of socketpair(AF_UNIX, "
			   "SOCK_STREAM)",
			   args.fd, why_fd);
	s = dial();
	if (s < 0 && (errno == ENOENT || errno == ECONNREFUSED))
		return say(
			BRH_EXIT_SYSTEM,
			"no privilege to create a TAP, and no service at "
			"%s: install brhelper setuid root (make install) or "
			"with file capabilities (make install-caps), or start "
			"the service (make install-service; systemctl enable "
			"--now brhelper.socket); see brhelper(8)",
			BRH_SERVICE_PATH);
	if (s < 0)
		return say(BRH_EXIT_SYSTEM,
			   "connecting to the service at %s: %s",
			   BRH_SERVICE_PATH, strerror(errno));
	q.flags = args.use_vnet ? BRH_SERVICE_VNET : 0;
	q.queues = args.queues;
	memcpy(q.mac, args.mac, sizeof(q.mac)); /* all 0: none (args.c) */
	memcpy(q.bridge, args.bridge, strlen(args.bridge) + 1);
	if (send(s, &q, sizeof(q), MSG_NOSIGNAL) != (ssize_t)sizeof(q) ||
	    answer(s, &a, fds, &n) < 0)
		return say(BRH_EXIT_SYSTEM,
			   "the service at %s gave no answer (see its journal: "
			   "journalctl -u 'brhelper@*')",
			   BRH_SERVICE_PATH);
	if (a.status != BRH_EXIT_OK)
		return say(a.status, "%s", a.text);
	if (n != args.queues)
		return say(BRH_EXIT_SYSTEM,
			   "the service sent %u fds for %u queues", n,
			   args.queues);
	/* One byte and the fds, as the helper sends them (fds.c). */
	if (send_msg(args.fd, &byte, 1, fds, n, 0) != 1)
		return say(BRH_EXIT_SYSTEM, "sending the TAP fd on --fd=%d: %s",
			   args.fd, strerror(errno));
	for (i = 0; i < n; i++)
		close(fds[i]);
	return BRH_EXIT_OK;
}
