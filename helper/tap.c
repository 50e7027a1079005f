/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * tap.c - the TAP device, through /dev/net/tun (mode 0600 maybe: opened
 * with CAP_DAC_OVERRIDE), one fd a queue.  Never made persistent: it lives
 * as long as its fds, so a helper killed at any instant leaves none.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/if_arp.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../policy/policy.h"

static int failed(const struct tap *t, const char *what, char *err,
		  size_t errlen)
{
	return failure(BRH_EXIT_SYSTEM, err, errlen, "%s: %s: %s",
		       t->name[0] ? t->name : "the TAP", what, strerror(errno));
}

int tap_open(struct tap *t, unsigned queues, char *err, size_t errlen)
{
	int e;

	memset(t, 0, sizeof(*t));
	if (priv_raise(CAP_DAC_OVERRIDE, err, errlen) < 0)
		return BRH_EXIT_SYSTEM;
	for (t->queues = 0; t->queues < queues; t->queues++) {
		t->fds[t->queues] = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
		if (t->fds[t->queues] < 0)
			break;
	}
	e = errno;
	if (priv_forget(CAP_DAC_OVERRIDE, err, errlen) == 0 &&
	    t->queues == queues)
		return 0;
	if (t->queues < queues)
		snprintf(err, errlen, "opening /dev/net/tun%s: %s%s",
			 queues > 1 ? " (once per queue)" : "", strerror(e),
			 e == ENOENT ? " (is the tun module loaded?)" : "");
	tap_close(t);
	return BRH_EXIT_SYSTEM;
}

/* Closed, the TAP is gone: persistence (another user's queue may have
 * set it: tap_check_as_made()) is taken off first. */
void tap_close(struct tap *t)
{
	unsigned i;

	if (t->queues > 0 && t->name[0] != '\0')
		(void)!ioctl(t->fds[0], TUNSETPERSIST, 0);
	for (i = 0; i < t->queues; i++)
		close(t->fds[i]);
	t->queues = 0;
}

/*
 * A new device ("tap%d"), so the vnet header size is the default, as it
 * must be at the hand-off; no IFF_VNET_HDR (EINVAL) is never retried
 * without.  Until it has an owner, anyone may attach (tun(4)): the owner is
 * set before our other queues join; a multi-queue TAP is then read back
 * (tap_check_as_made()) and set back (tap_reset()).
 */
int tap_create(struct tap *t, bool vnet, uid_t owner, char *err, size_t errlen)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	unsigned i;

	ifr.ifr_flags |= (vnet ? IFF_VNET_HDR : 0) |
			 (t->queues > 1 ? IFF_MULTI_QUEUE : 0);
	if (ioctl(t->fds[0], TUNSETIFF, &ifr) < 0)
		return failed(t,
			      vnet && errno == EINVAL
				      ? "creating it (TUNSETIFF; --use-vnet: "
					"has this kernel no IFF_VNET_HDR?)"
				      : "creating it (TUNSETIFF)",
			      err, errlen);
	memcpy(t->name, ifr.ifr_name, IFNAMSIZ - 1);
	if (ioctl(t->fds[0], TUNSETOWNER, (unsigned long)owner) < 0)
		return failed(t, "setting its owner (TUNSETOWNER)", err,
			      errlen);
	for (i = 1; i < t->queues; i++)
		if (ioctl(t->fds[i], TUNSETIFF, &ifr) < 0)
			return failed(t, "attaching a queue", err, errlen);
	if (ioctl(t->fds[0], SIOCGIFHWADDR, &ifr) < 0)
		return failed(t, "reading its MAC address", err, errlen);
	memcpy(t->mac, ifr.ifr_hwaddr.sa_data, sizeof(t->mac));
	/* Above any vendor's: a bridge takes its ports' lowest address. */
	t->mac[0] = 0xfe;
	return 0;
}

/*
 * Once tap_check_as_made() found only our queues: what a visitor before
 * the owner was set may have set through its queue is set back to what a
 * new TAP has (tun(4)).  Nobody else can touch it from here.
 */
int tap_reset(struct tap *t, bool vnet, char *err, size_t errlen)
{
	static const struct tun_filter no_macs = { 0, 0 };
	struct sock_fprog none = { 0, NULL };
	int hdrsz = (int)sizeof(struct virtio_net_hdr), sndbuf = INT_MAX;
	int off = 0, no_prog = -1, fd = t->fds[0];

	if ((vnet && ioctl(fd, TUNSETVNETHDRSZ, &hdrsz) < 0) ||
	    ioctl(fd, TUNSETVNETLE, &off) < 0 ||
	    ioctl(fd, TUNSETSNDBUF, &sndbuf) < 0 ||
	    ioctl(fd, TUNSETOFFLOAD, 0) < 0 ||
	    ioctl(fd, TUNSETLINK, ARPHRD_ETHER) < 0 ||
	    ioctl(fd, TUNSETTXFILTER, &no_macs) < 0 ||
	    ioctl(fd, TUNDETACHFILTER, &none) < 0 ||
	    ioctl(fd, TUNSETFILTEREBPF, &no_prog) < 0 ||
	    ioctl(fd, TUNSETSTEERINGEBPF, &no_prog) < 0)
		return failed(t, "setting it back as made", err, errlen);
	return 0;
}
