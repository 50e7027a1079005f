/*
 * tap.c - the TAP device, through /dev/net/tun.
 *
 * /dev/net/tun is opened while the helper is still root (it may be mode
 * 0600); the device is created later, as the caller holding only
 * CAP_NET_ADMIN.  The TAP is never made persistent: it lives exactly as
 * long as its fd, so a helper killed at any instant, or a VMM that closes
 * the fd, leaves no interface behind.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int tap_open(struct tap *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	t->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (t->fd >= 0)
		return 0;
	snprintf(err, errlen, "opening /dev/net/tun: %s%s", strerror(errno),
		 errno == ENOENT ? " (is the tun module loaded?)" : "");
	return -1;
}

int tap_create(struct tap *t, bool vnet, uid_t owner, char *err,
	       size_t errlen)
{
	struct ifreq ifr;
	unsigned int features = 0;
	int hdrsz = (int)sizeof(struct virtio_net_hdr);

	if (vnet && (ioctl(t->fd, TUNGETFEATURES, &features) < 0 ||
		     !(features & IFF_VNET_HDR))) {
		snprintf(err, errlen, "--use-vnet: this kernel's TAP has no "
			 "virtio-net header support (IFF_VNET_HDR)");
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		snprintf(err, errlen, "creating the TAP (TUNSETIFF): %s",
			 strerror(errno));
		return -1;
	}
	memcpy(t->name, ifr.ifr_name, IFNAMSIZ - 1);
	t->name[IFNAMSIZ - 1] = '\0';
	if (vnet && ioctl(t->fd, TUNSETVNETHDRSZ, &hdrsz) < 0) {
		snprintf(err, errlen, "%s: setting the vnet header size: %s",
			 t->name, strerror(errno));
		return -1;
	}
	/* The caller owns it: tun(4) lets only the owner attach to it. */
	if (ioctl(t->fd, TUNSETOWNER, (unsigned long)owner) < 0) {
		snprintf(err, errlen, "%s: setting its owner (TUNSETOWNER): "
			 "%s", t->name, strerror(errno));
		return -1;
	}
	if (ioctl(t->fd, SIOCGIFHWADDR, &ifr) < 0) {
		snprintf(err, errlen, "%s: reading its MAC address: %s",
			 t->name, strerror(errno));
		return -1;
	}
	memcpy(t->mac, ifr.ifr_hwaddr.sa_data, sizeof(t->mac));
	/* Below any real NIC's address, so the bridge keeps its own MAC. */
	t->mac[0] = 0xfe;
	return 0;
}
