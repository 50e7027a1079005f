/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * service.c - brhelperd: one instance of brhelper@.service a connection
 * (brhelper(8), SERVICE).  main.c's order, with the caller and the request
 * taken from the connection instead of the process and argv:
 *  1. As the helper (entry.c), before main.  In main: no arguments; run by
 *     root, not set-user-ID; fd 3 the connection (Accept=yes, or
 *     systemd-socket-activate --accept): a connected AF_UNIX SOCK_SEQPACKET
 *     socket.  Who asks is the kernel's word on it (SO_PEERCRED's uid and
 *     gid, SO_PEERGROUPS), never the client's.  One request, within
 *     REQUEST_DEADLINE_MS, of exactly its size and version, nothing in the
 *     reserved bytes; else a usage answer.  Nothing is opened or made yet.
 *  2. That caller, with its groups, in the helper's state (policy/caps.c).
 *  3. run.c, steps 3 to 8, as the helper's (any other inherited fd closed
 *     at 7): the answer (status, one line, the fds on success) on fd 3.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/ifname.h"
#include "../common/service.h"
#include "helper.h"

#define REQUEST_DEADLINE_MS 5000
#define MAX_GROUPS 65536 /* NGROUPS_MAX */

static gid_t groups[MAX_GROUPS];

/* The client: uid and gid into r->p, its groups into groups[0..*n). */
static int client(struct run *r, size_t *n)
{
	struct ucred cred;
	socklen_t len = sizeof(int);
	int type = -1;

	errno = 0;
	if (getsockopt(POLICY_SOCK_FD, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    type != SOCK_SEQPACKET)
		return failure(BRH_EXIT_SYSTEM, r->err, sizeof(r->err),
			       "fd 3 is not a client's connection (%s): "
			       "brhelperd is started by brhelper.socket (see "
			       "brhelper(8), SERVICE)",
			       errno ? strerror(errno) : "not SOCK_SEQPACKET");
	len = sizeof(cred);
	if (getsockopt(POLICY_SOCK_FD, SOL_SOCKET, SO_PEERCRED, &cred, &len) <
	    0)
		return failure(BRH_EXIT_SYSTEM, r->err, sizeof(r->err),
			       "reading the client's credentials: %s",
			       strerror(errno));
	r->p.uid = cred.uid;
	r->p.gid = cred.gid;
	r->pid = cred.pid; /* the connecting process, for the TAP's alias */
	len = sizeof(groups);
	if (getsockopt(POLICY_SOCK_FD, SOL_SOCKET, SO_PEERGROUPS, groups,
		       &len) < 0)
		return failure(BRH_EXIT_SYSTEM, r->err, sizeof(r->err),
			       "reading the client's groups: %s",
			       strerror(errno));
	*n = len / sizeof(gid_t);
	return 0;
}

/* The answer: status, the one line (none on success), and the TAP fds on
 * success; under the filter on success (sendmsg on fd 3).  It never waits
 * on a client that does not read.  Not sent: reported on stderr. */
static int answer(struct run *r, int status)
{
	struct brh_service_answer a = { BRH_SERVICE_VERSION, status, "" };
	ssize_t sent;

	if (status != 0)
		snprintf(a.text, sizeof(a.text), "%s", r->err);
	sent = send_msg(POLICY_SOCK_FD, &a, sizeof(a), r->t.fds,
			status ? 0 : r->t.queues, MSG_DONTWAIT);
	if (sent == (ssize_t)sizeof(a))
		return status;
	return report(BRH_EXIT_SYSTEM, "sending the answer: %s",
		      sent < 0 ? strerror(errno) : "short write");
}

static bool all_zero(const uint8_t *b, size_t len)
{
	while (len > 0 && b[len - 1] == 0)
		len--;
	return len == 0;
}

/* The one request, into r->a (bridge: into bridge[]).  Any fds sent
 * with it are received, never closed here: their last close could wait
 * (a lingering socket, a FUSE file) on what the client controls; they go
 * at exit, with no capability left (finish()). */
static int request(struct run *r, char bridge[IFNAMSIZ])
{
	struct brh_service_request q;
	union {
		char buf[CMSG_SPACE(sizeof(int) * BRH_WIRE_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { &q, sizeof(q) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct pollfd pfd = { POLICY_SOCK_FD, POLLIN, 0 };
	char *err = r->err, shown[BRH_QUOTED_IFNAME];
	size_t errlen = sizeof(r->err), len;
	const char *why;
	ssize_t n;

	if (poll(&pfd, 1, REQUEST_DEADLINE_MS) == 0)
		return failure(BRH_EXIT_USAGE, err, errlen,
			       "no request within %d s",
			       REQUEST_DEADLINE_MS / 1000);
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	n = recvmsg(POLICY_SOCK_FD, &msg,
		    MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "reading the request: %s", strerror(errno));
	if (msg.msg_controllen != 0 || (msg.msg_flags & MSG_CTRUNC))
		return failure(BRH_EXIT_USAGE, err, errlen,
			       "a request carries no file descriptors or "
			       "other control data");
	if (n != (ssize_t)sizeof(q) || q.version != BRH_SERVICE_VERSION)
		return failure(BRH_EXIT_USAGE, err, errlen,
			       "a request of %zd bytes, version %u: this "
			       "service takes %zu bytes, version %d",
			       n, n >= 4 ? q.version : 0, sizeof(q),
			       BRH_SERVICE_VERSION);
	if ((q.flags & ~BRH_SERVICE_VNET) != 0 ||
	    !all_zero(q.reserved, sizeof(q.reserved)))
		return failure(BRH_EXIT_USAGE, err, errlen,
			       "the request sets flags or reserved bytes "
			       "this version does not know");
	if (q.queues < 1 || q.queues > BRH_WIRE_MAX_FDS)
		return failure(BRH_EXIT_USAGE, err, errlen,
			       "queues=%u: from 1 to %d", q.queues,
			       BRH_WIRE_MAX_FDS);
	len = strnlen(q.bridge, sizeof(q.bridge));
	why = len == sizeof(q.bridge) ? "is not NUL-terminated"
	      : !all_zero((uint8_t *)q.bridge + len, sizeof(q.bridge) - len)
		      ? "has bytes after its NUL"
		      : brh_ifname_problem(q.bridge);
	if (why != NULL)
		return failure(BRH_EXIT_USAGE, err, errlen,
			       "bridge name '%s' %s",
			       brh_quote(q.bridge, len, shown, sizeof(shown)),
			       why);
	memcpy(bridge, q.bridge, IFNAMSIZ);
	r->a = (struct args) { MODE_RUN, (q.flags & BRH_SERVICE_VNET) != 0,
			       bridge,	 POLICY_SOCK_FD,
			       q.queues, !all_zero(q.mac, sizeof(q.mac)),
			       { 0 } };
	memcpy(r->a.mac, q.mac, sizeof(q.mac));
	return 0;
}

int main(int argc, char *argv[])
{
	static struct run r = { .audit = { -1 } };
	static char bridge[IFNAMSIZ];
	size_t n = 0;
	int rc;

	(void)argv;
	if (entry_check(r.err, sizeof(r.err)) != 0)
		finish(&r, BRH_EXIT_SYSTEM);
	if (argc != 1) {
		snprintf(r.err, sizeof(r.err),
			 "brhelperd takes no arguments (see brhelper(8), "
			 "SERVICE)");
		finish(&r, BRH_EXIT_USAGE);
	}
	/* 1: before the caller's ids, which would let it signal the wait. */
	rc = client(&r, &n);
	if (rc == 0) {
		r.answer = answer; /* finish() answers on fd 3 from here */
		rc = request(&r, bridge);
	}
	if (rc == 0 &&
	    priv_enter_service(&r.p, groups, n, r.err, sizeof(r.err)) < 0)
		rc = BRH_EXIT_SYSTEM;
	if (rc != 0)
		finish(&r, rc);
	run_request(&r);
}
