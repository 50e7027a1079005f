/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * service.c - ask the service (brhelper(8), SERVICE) instead of running
 * the helper: one request on a SOCK_SEQPACKET connection, one answer with
 * the exit status, the helper's one line and, on success, the fds.  Who
 * asks is the kernel's word on the connection; the request names only the
 * bridge, the vnet header, the queues and the MAC (common/service.h).
 */
#include "error.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../common/service.h"

int brh_service_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

int brh_service_start(struct brh_child *c, const struct brh_request *req,
		      const char *path, const unsigned char mac[6],
		      struct brh_error *e)
{
	struct brh_service_request q = { .version = BRH_SERVICE_VERSION };
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s;

	if (path[0] != '/') /* "" would name an abstract socket anyone binds */
		return brh_fail(e, EINVAL,
				"service socket \"%s\": not an absolute path",
				path);
	if (strlen(path) >= sizeof(sun.sun_path))
		return brh_fail(e, ENAMETOOLONG, "service socket %s: too long",
				path);
	memcpy(sun.sun_path, path, strlen(path) + 1);
	q.flags = (req->flags & BRH_USE_VNET) ? BRH_SERVICE_VNET : 0;
	q.queues = c->queues;
	memcpy(q.bridge, req->bridge, strlen(req->bridge) + 1);
	memcpy(q.mac, mac, sizeof(q.mac));
	/* Non-blocking: a service with no instance free refuses at once. */
	s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0)
		return brh_fail(e, errno, "socket: %s", strerror(errno));
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    send(s, &q, sizeof(q), MSG_NOSIGNAL) != (ssize_t)sizeof(q)) {
		int err = errno;

		close(s);
		return brh_fail(e, err, "the service at %s: %s", path,
				err == EAGAIN ? "busy (every instance in use)"
					      : strerror(err));
	}
	c->sock = s;
	return 0;
}

/* The answer by c->deadline_ms: how many fds it carried, into fds; or -1
 * with e filled (a refusal: e->status, and its line alone in e->msg). */
int brh_service_finish(struct brh_child *c, int *fds, struct brh_error *e)
{
	struct brh_service_answer a;
	union {
		char buf[CMSG_SPACE(sizeof(int) * BRH_MAX_QUEUES)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { &a, sizeof(a) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct pollfd p = { c->sock, POLLIN, 0 };
	struct cmsghdr *cm;
	struct timespec ts;
	long long left;
	ssize_t got;
	int n = 0, r;

	do { /* by c->deadline_ms, however often a signal comes */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		left = c->deadline_ms -
		       ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
		r = poll(&p, 1,
			 left > 0 ? (left > INT_MAX ? INT_MAX : (int)left) : 0);
	} while (r < 0 && errno == EINTR);
	if (r == 0)
		return brh_fail(e, ETIMEDOUT,
				"the service did not answer within %d ms",
				c->timeout_ms);
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	do
		got = recvmsg(c->sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (got < 0 && errno == EINTR);
	for (cm = got > 0 ? CMSG_FIRSTHDR(&msg) : NULL; cm != NULL;
	     cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_RIGHTS) {
			brh_close_all(fds, (size_t)n);
			n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(fds, CMSG_DATA(cm), (size_t)n * sizeof(int));
		}
	if (got > 0 && (msg.msg_flags & MSG_CTRUNC)) {
		brh_close_all(fds, (size_t)n);
		return brh_fail(e, EMFILE,
				"the service's answer came with descriptors "
				"this process could not all take (its limit, "
				"RLIMIT_NOFILE?)");
	}
	if (got != (ssize_t)sizeof(a) || a.version != BRH_SERVICE_VERSION ||
	    memchr(a.text, '\0', sizeof(a.text)) == NULL) {
		brh_close_all(fds, (size_t)n);
		return brh_fail(e, got < 0 ? errno : EPROTO,
				"the service gave no answer%s%s",
				got < 0 ? ": " : "",
				got < 0 ? strerror(errno) : "");
	}
	e->status = a.status;
	if (a.status != 0) { /* its line as it is: spawn.c says the rest */
		brh_close_all(fds, (size_t)n);
		return brh_fail(e, ECHILD, "%s", a.text);
	}
	return n;
}
