/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * yardstick - the kernel work of a bridge helper and nothing else, to time
 * brhelper against (make bench; never installed, never trusted).
 *
 * open /dev/net/tun (N times with --queues=N), TUNSETIFF (one
 * IFF_MULTI_QUEUE TAP when N > 1, as brhelper makes it, each further fd
 * joining it), one RTM_GETLINK for the bridge, one RTM_NEWLINK for the TAP
 * (master, MTU, MAC, up), send the fds in one SCM_RIGHTS message.  No ACL,
 * no checks, no privilege drop, no sandbox; raw netlink; built static.
 */
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

struct req {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[256];
};

static void put(struct req *r, unsigned short type, const void *data,
		unsigned short len)
{
	struct rtattr *a =
		(struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* SCM_MAX_FD: the most fds one SCM_RIGHTS message carries. */
#define MAX_QUEUES 253

static int tap[MAX_QUEUES], queues = 1;

/* The TAP, its first queue on tap[0], the others joining it by name. */
static int make_tap(struct ifreq *ifr)
{
	short flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR |
		      (queues > 1 ? IFF_MULTI_QUEUE : 0);
	int i;

	for (i = 0; i < queues; i++)
		if ((tap[i] = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) < 0)
			return -1;
	memset(ifr, 0, sizeof(*ifr));
	ifr->ifr_flags = flags;
	if (ioctl(tap[0], TUNSETIFF, ifr) < 0)
		return -1;
	for (i = 1; i < queues; i++) {
		ifr->ifr_flags = flags;
		if (ioctl(tap[i], TUNSETIFF, ifr) < 0)
			return -1;
	}
	return ioctl(tap[0], SIOCGIFHWADDR, ifr);
}

int main(int argc, char *argv[])
{
	const char *br = "br0";
	int sock = -1, i, nl, mtu = 0, master = 0;
	static char buf[16384];
	struct ifreq ifr;
	struct req r;
	ssize_t n;

	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--br=", 5) == 0)
			br = argv[i] + 5;
		else if (strncmp(argv[i], "--fd=", 5) == 0)
			sock = atoi(argv[i] + 5);
		else if (strncmp(argv[i], "--queues=", 9) == 0)
			queues = atoi(argv[i] + 9);
	}
	if (queues < 1 || queues > MAX_QUEUES || make_tap(&ifr) < 0)
		return 4;
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	memset(&r, 0, sizeof(r));
	r.nh.nlmsg_len = NLMSG_LENGTH(sizeof(r.ifi));
	r.nh.nlmsg_type = RTM_GETLINK;
	r.nh.nlmsg_flags = NLM_F_REQUEST;
	put(&r, IFLA_IFNAME, br, (unsigned short)(strlen(br) + 1));
	if (send(nl, &r, r.nh.nlmsg_len, 0) < 0 ||
	    (n = recv(nl, buf, sizeof(buf), 0)) <= 0)
		return 4;
	{
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		struct ifinfomsg *ifi = NLMSG_DATA(h);
		struct rtattr *a = IFLA_RTA(ifi);
		int len = (int)IFLA_PAYLOAD(h);

		if (h->nlmsg_type != RTM_NEWLINK)
			return 4;
		master = ifi->ifi_index;
		for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
			if (a->rta_type == IFLA_MTU)
				memcpy(&mtu, RTA_DATA(a), sizeof(mtu));
	}

	memset(&r, 0, sizeof(r));
	r.nh.nlmsg_len = NLMSG_LENGTH(sizeof(r.ifi));
	r.nh.nlmsg_type = RTM_NEWLINK;
	r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r.ifi.ifi_flags = IFF_UP;
	r.ifi.ifi_change = IFF_UP;
	put(&r, IFLA_IFNAME, ifr.ifr_name,
	    (unsigned short)(strlen(ifr.ifr_name) + 1));
	put(&r, IFLA_MASTER, &master, sizeof(master));
	put(&r, IFLA_MTU, &mtu, sizeof(mtu));
	ifr.ifr_hwaddr.sa_data[0] = (char)0xfe;
	put(&r, IFLA_ADDRESS, ifr.ifr_hwaddr.sa_data, 6);
	if (send(nl, &r, r.nh.nlmsg_len, 0) < 0 ||
	    recv(nl, buf, sizeof(buf), 0) <= 0 ||
	    ((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)buf))->error != 0)
		return 4;

	{
		char byte = 0, ctl[CMSG_SPACE(sizeof(tap))];
		struct iovec iov = { &byte, 1 };
		struct msghdr msg = { 0 };
		struct cmsghdr *c;

		memset(ctl, 0, sizeof(ctl));
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)queues);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)queues);
		memcpy(CMSG_DATA(c), tap, sizeof(int) * (size_t)queues);
		return sendmsg(sock, &msg, 0) == 1 ? 0 : 4;
	}
}
