/*
 * tap.c - the TAP device, through /dev/net/tun.
 *
 * /dev/net/tun is opened once per queue with CAP_DAC_OVERRIDE in effect
 * (the node may be mode 0600), and that capability is then gone for good
 * (main.c, step 4); the device is created later, as the caller with only
 * CAP_NET_ADMIN in effect (TUNSETIFF needs it to create a device).  The TAP is never made persistent by the helper:
 * it lives as long as its fds, so a helper killed at any instant leaves no
 * interface behind.  The fds' holder, with no privilege, can make it
 * persistent (TUNSETPERSIST), give it another owner (TUNSETOWNER) and set
 * its MAC address (SIOCSIFHWADDR); see brhelper(8).
 * With more than one queue it is one IFF_MULTI_QUEUE device, each fd one
 * queue, in order.
 */
#include "helper.h"

#include <linux/capability.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/if_arp.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../policy/policy.h"

int tap_open(struct tap *t, unsigned queues, char *err, size_t errlen)
{
	int e = 0;

	memset(t, 0, sizeof(*t));
	if (priv_raise(CAP_DAC_OVERRIDE, err, errlen) < 0)
		return BRH_EXIT_SYSTEM;
	for (t->queues = 0; t->queues < queues; t->queues++) {
		t->fds[t->queues] = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
		if (t->fds[t->queues] < 0) {
			e = errno;
			break;
		}
	}
	if (priv_forget(CAP_DAC_OVERRIDE, err, errlen) < 0) {
		tap_close(t);
		return BRH_EXIT_SYSTEM;
	}
	if (t->queues == queues)
		return 0;
	errno = e;
	snprintf(err, errlen, "opening /dev/net/tun%s: %s%s",
		 queues > 1 ? " (once per queue)" : "", strerror(errno),
		 errno == ENOENT ? " (is the tun module loaded?)"
		 : errno == EACCES
			 ? " (a file-capability install needs "
			   "cap_dac_override permitted: make install-caps; see "
			   "brhelper(8))"
			 : "");
	tap_close(t);
	return BRH_EXIT_SYSTEM;
}

/*
 * Closed, the TAP is gone: the helper never makes it persistent, and a
 * made one that failed may have been made so by another user's queue
 * (tap_check_as_made()), so persistence is taken off first.
 */
void tap_close(struct tap *t)
{
	unsigned i;

	if (t->queues > 0 && t->name[0] != '\0')
		(void)!ioctl(t->fds[0], TUNSETPERSIST, 0);
	for (i = 0; i < t->queues; i++)
		close(t->fds[i]);
	t->queues = 0;
}

/* Every queue after the first joins the device the first one made. */
static int join_queues(struct tap *t, short flags, char *err, size_t errlen)
{
	struct ifreq ifr;
	unsigned i;

	for (i = 1; i < t->queues; i++) {
		memset(&ifr, 0, sizeof(ifr));
		memcpy(ifr.ifr_name, t->name, IFNAMSIZ);
		ifr.ifr_flags = flags;
		if (ioctl(t->fds[i], TUNSETIFF, &ifr) < 0) {
			snprintf(err, errlen, "%s: attaching queue %u: %s",
				 t->name, i, strerror(errno));
			return BRH_EXIT_SYSTEM;
		}
	}
	return 0;
}

/*
 * The device is always a new one ("tap%d": the kernel picks a free name),
 * so its vnet header size is the kernel's default, sizeof(struct
 * virtio_net_hdr), as it must be at the hand-off (QEMU sets its own): no
 * TUNSETVNETHDRSZ is needed to reset it (tapclient checks it).  A kernel
 * without IFF_VNET_HDR refuses the flags in TUNSETIFF (EINVAL), which is
 * reported, never retried without it.
 */
int tap_create(struct tap *t, bool vnet, uid_t owner, char *err, size_t errlen)
{
	struct ifreq ifr;
	int fd = t->fds[0];
	short flags = IFF_TAP | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0) |
		      (t->queues > 1 ? IFF_MULTI_QUEUE : 0);

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = flags;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		snprintf(err, errlen, "creating the TAP (TUNSETIFF): %s%s",
			 strerror(errno),
			 vnet && errno == EINVAL
				 ? " (--use-vnet: has this kernel's TAP no "
				   "virtio-net header support, IFF_VNET_HDR?)"
				 : "");
		return BRH_EXIT_SYSTEM;
	}
	memcpy(t->name, ifr.ifr_name, IFNAMSIZ - 1);
	t->name[IFNAMSIZ - 1] = '\0';
	/*
	 * The caller owns it: from here tun(4) lets only the owner (or
	 * CAP_NET_ADMIN) attach to it.  Until here a TAP with no owner lets
	 * anyone attach, and a multi-queue one has room for more queues: so
	 * the owner is set first, and a multi-queue TAP is read back once it
	 * is (bridge.c, tap_check_as_made()) and its settings set back
	 * (tap_reset()).
	 */
	if (ioctl(fd, TUNSETOWNER, (unsigned long)owner) < 0) {
		snprintf(err, errlen,
			 "%s: setting its owner (TUNSETOWNER): "
			 "%s",
			 t->name, strerror(errno));
		return BRH_EXIT_SYSTEM;
	}
	if (join_queues(t, flags, err, errlen) != 0)
		return BRH_EXIT_SYSTEM;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		snprintf(err, errlen, "%s: reading its MAC address: %s",
			 t->name, strerror(errno));
		return BRH_EXIT_SYSTEM;
	}
	memcpy(t->mac, ifr.ifr_hwaddr.sa_data, sizeof(t->mac));
	/*
	 * Above any vendor's address.  A bridge without an address set by
	 * the administrator takes the lowest of its ports' addresses: a host
	 * NIC on it keeps that role, but on a bridge with no other port this
	 * TAP's address becomes the bridge's.  Either way the fd's holder can
	 * set a lower one (SIOCSIFHWADDR) and the bridge takes it; brhelper(8)
	 * tells administrators to give every bridge a fixed address.
	 */
	t->mac[0] = 0xfe;
	return 0;
}

/*
 * A multi-queue TAP, once tap_check_as_made() found only our queues on it:
 * whatever a visitor in the instant before it had an owner may have set
 * on the device through its queue is set back to what a new TAP has
 * (tun(4)): the vnet header size and byte order, the send buffer, the
 * offloads, the link type, the MAC filter, socket and eBPF filters, eBPF
 * steering.  Nobody else can touch it from here.
 */
int tap_reset(struct tap *t, bool vnet, char *err, size_t errlen)
{
	static const struct tun_filter no_macs = { 0, 0 };
	struct sock_fprog none = { 0, NULL };
	int hdrsz = (int)sizeof(struct virtio_net_hdr), sndbuf = INT_MAX;
	int off = 0, ether = ARPHRD_ETHER, no_prog = -1, fd = t->fds[0];
	const char *what = NULL;

	if (vnet && ioctl(fd, TUNSETVNETHDRSZ, &hdrsz) < 0)
		what = "TUNSETVNETHDRSZ";
	else if (ioctl(fd, TUNSETVNETLE, &off) < 0)
		what = "TUNSETVNETLE";
	else if (ioctl(fd, TUNSETSNDBUF, &sndbuf) < 0)
		what = "TUNSETSNDBUF";
	else if (ioctl(fd, TUNSETOFFLOAD, 0) < 0)
		what = "TUNSETOFFLOAD";
	else if (ioctl(fd, TUNSETLINK, ether) < 0)
		what = "TUNSETLINK";
	else if (ioctl(fd, TUNSETTXFILTER, &no_macs) < 0)
		what = "TUNSETTXFILTER";
	else if (ioctl(fd, TUNDETACHFILTER, &none) < 0)
		what = "TUNDETACHFILTER";
	else if (ioctl(fd, TUNSETFILTEREBPF, &no_prog) < 0)
		what = "TUNSETFILTEREBPF";
	else if (ioctl(fd, TUNSETSTEERINGEBPF, &no_prog) < 0)
		what = "TUNSETSTEERINGEBPF";
	if (what == NULL)
		return 0;
	snprintf(err, errlen, "%s: setting it back as made (%s): %s", t->name,
		 what, strerror(errno));
	return BRH_EXIT_SYSTEM;
}
