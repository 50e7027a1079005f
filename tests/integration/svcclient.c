/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * svcclient - a raw client of the service (common/service.h), for tests.
 *
 *   svcclient SOCKET KIND [BRIDGE [QUEUES]]
 *	Send one request of KIND and print the answer:
 *	"status=N fds=N owner=UID ifname=NAME text=LINE" (owner and ifname
 *	of the first TAP fd, from /sys/class/net, read while it is held).
 *	KIND: good, vnet (good with BRH_SERVICE_VNET), short (10 bytes),
 *	long (one byte more), version (version 2), flags (an unknown flag),
 *	reserved (a reserved byte set), mac (a MAC given), name (no NUL in
 *	the bridge name), junk (bytes after the name's NUL), fds (the
 *	request carries fd 0 in SCM_RIGHTS), silent (send nothing; wait for
 *	the answer).  Also printed: "alias=" the TAP's (ifalias), and
 *	"pid=" this process's.
 *	Exit status: 0 with an answer, 1 without one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <unistd.h>

#include "../../common/service.h"

int main(int argc, char *argv[])
{
	struct brh_service_request q = { .version = BRH_SERVICE_VERSION,
					 .queues = 1 };
	struct brh_service_answer a;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	union {
		char buf[CMSG_SPACE(sizeof(int) * BRH_WIRE_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { &a, sizeof(a) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	char req[sizeof(q) + 1] = { 0 }, path[128], owner[32] = "-";
	char alias[128] = "-";
	struct ifreq ifr = { .ifr_flags = 0 };
	size_t len = sizeof(q);
	struct cmsghdr *c;
	int s, fd = -1, n = 0;
	const char *kind;
	FILE *f;

	if (argc < 3)
		return fprintf(stderr,
			       "usage: svcclient SOCKET KIND [BRIDGE [QUEUES]]\n"),
		       2;
	kind = argv[2];
	snprintf(q.bridge, sizeof(q.bridge), "%s", argc > 3 ? argv[3] : "br0");
	if (argc > 4)
		q.queues = (uint32_t)atoi(argv[4]);
	if (strcmp(kind, "vnet") == 0)
		q.flags = BRH_SERVICE_VNET;
	if (strcmp(kind, "version") == 0)
		q.version = 2;
	if (strcmp(kind, "flags") == 0)
		q.flags = 4;
	if (strcmp(kind, "reserved") == 0)
		q.reserved[7] = 1;
	if (strcmp(kind, "mac") == 0)
		q.mac[5] = 0x56;
	if (strcmp(kind, "name") == 0)
		memset(q.bridge, 'b', sizeof(q.bridge));
	if (strcmp(kind, "junk") == 0)
		q.bridge[sizeof(q.bridge) - 1] = 'x';
	if (strcmp(kind, "short") == 0)
		len = 10;
	if (strcmp(kind, "long") == 0)
		len = sizeof(q) + 1;
	memcpy(req, &q, sizeof(q));
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", argv[1]);
	s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return perror("svcclient: connect"), 1;
	if (strcmp(kind, "fds") == 0) {
		struct iovec v = { req, len };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} one;
		int zero = 0;

		memset(&one, 0, sizeof(one));
		m.msg_control = one.buf;
		m.msg_controllen = sizeof(one.buf);
		CMSG_FIRSTHDR(&m)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&m)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&m)->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), &zero, sizeof(int));
		if (sendmsg(s, &m, 0) != (ssize_t)len)
			return perror("svcclient: sendmsg"), 1;
	} else if (strcmp(kind, "silent") != 0 &&
		   send(s, req, len, 0) != (ssize_t)len)
		return perror("svcclient: send"), 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	if (recvmsg(s, &msg, 0) != (ssize_t)sizeof(a))
		return fprintf(stderr, "svcclient: no answer\n"), 1;
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
		}
	if (fd >= 0 && ioctl(fd, TUNGETIFF, &ifr) == 0) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/owner",
			 ifr.ifr_name);
		f = fopen(path, "r");
		if (f != NULL && fgets(owner, sizeof(owner), f) != NULL)
			owner[strcspn(owner, "\n")] = '\0';
		if (f != NULL)
			fclose(f);
		snprintf(path, sizeof(path), "/sys/class/net/%s/ifalias",
			 ifr.ifr_name);
		f = fopen(path, "r");
		if (f != NULL && fgets(alias, sizeof(alias), f) != NULL)
			alias[strcspn(alias, "\n")] = '\0';
		if (f != NULL)
			fclose(f);
	}
	printf("status=%d fds=%d owner=%s ifname=%s text=%s\nalias=%s pid=%d\n",
	       a.status, n, owner, ifr.ifr_name[0] ? ifr.ifr_name : "-", a.text,
	       alias, (int)getpid());
	return 0;
}
