/*
 * netlink.c - find the bridge and attach the TAP, over rtnetlink.
 *
 * Two requests in all: one RTM_GETLINK for the bridge by name (never a dump
 * of every link), and one RTM_NEWLINK that sets the TAP's master, MTU, MAC
 * and IFF_UP together.  The bridge must be of kind "bridge"; from then on
 * it is named by ifindex.  Errors carry the errno of the kernel's reply,
 * captured from the NLMSG_ERROR message itself.
 */
#include "helper.h"

#include <errno.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <stdio.h>
#include <string.h>

#include "../lib/wire.h"

/* The errno of the last NLMSG_ERROR, kept with the socket. */
static int save_kernel_errno(struct sockaddr_nl *who, struct nlmsgerr *e,
			     void *arg)
{
	(void)who;
	*(int *)arg = -e->error;
	return NL_STOP;
}

static const char *nl_reason(const struct netlink *nl, int nlerr)
{
	if (nl->kernel_errno > 0)
		return strerror(nl->kernel_errno);
	return nl_geterror(nlerr);
}

int netlink_open(struct netlink *nl, char *err, size_t errlen)
{
	int rc;

	nl->kernel_errno = 0;
	nl->sk = nl_socket_alloc();
	if (nl->sk == NULL) {
		snprintf(err, errlen, "netlink: out of memory");
		return BRH_EXIT_SYSTEM;
	}
	/*
	 * One recvmsg per message, not two: no MSG_PEEK to size the buffer
	 * (a bridge's link message is a few KiB; 64 KiB leaves room).
	 */
	nl_socket_disable_msg_peek(nl->sk);
	rc = nl_socket_set_msg_buf_size(nl->sk, 65536);
	if (rc == 0)
		rc = nl_socket_modify_err_cb(nl->sk, NL_CB_CUSTOM,
					     save_kernel_errno,
					     &nl->kernel_errno);
	if (rc == 0)
		rc = nl_connect(nl->sk, NETLINK_ROUTE);
	if (rc == 0)
		return 0;
	snprintf(err, errlen, "netlink: cannot open a route socket: %s",
		 nl_geterror(rc));
	netlink_close(nl);
	return BRH_EXIT_SYSTEM;
}

void netlink_close(struct netlink *nl)
{
	nl_socket_free(nl->sk);	/* closes the socket; NULL is fine */
	nl->sk = NULL;
}

int bridge_lookup(struct netlink *nl, struct bridge *br, char *err,
		  size_t errlen)
{
	struct rtnl_link *link = NULL;
	const char *kind;
	int rc;

	nl->kernel_errno = 0;
	rc = rtnl_link_get_kernel(nl->sk, 0, br->name, &link);
	if (rc < 0) {
		/* libnl reads this reply with its own error handler. */
		if (rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND ||
		    nl->kernel_errno == ENODEV)
			snprintf(err, errlen, "bridge %s: no such interface; "
				 "create it with 'ip link add %s type bridge'",
				 br->name, br->name);
		else
			snprintf(err, errlen, "bridge %s: looking it up: %s",
				 br->name, nl_reason(nl, rc));
		return BRH_EXIT_SYSTEM;
	}
	kind = rtnl_link_get_type(link);
	if (kind == NULL || strcmp(kind, "bridge") != 0) {
		snprintf(err, errlen, "%s is %s%s%s, not a bridge", br->name,
			 kind ? "a " : "an interface without a kind",
			 kind ? kind : "", kind ? " interface" : "");
		rtnl_link_put(link);
		return BRH_EXIT_SYSTEM;
	}
	br->ifindex = rtnl_link_get_ifindex(link);
	br->mtu = rtnl_link_get_mtu(link);
	rtnl_link_put(link);
	return 0;
}

int bridge_attach(struct netlink *nl, const struct bridge *br,
		  const struct tap *t, char *err, size_t errlen)
{
	struct rtnl_link *orig = rtnl_link_alloc(), *change = rtnl_link_alloc();
	struct nl_addr *mac = nl_addr_build(AF_LLC, t->mac, sizeof(t->mac));
	int rc = -NLE_NOMEM;

	nl->kernel_errno = 0;
	if (orig != NULL && change != NULL && mac != NULL) {
		/* ifindex 0 and IFLA_IFNAME: the kernel finds the TAP. */
		rtnl_link_set_name(change, t->name);
		rtnl_link_set_master(change, br->ifindex);
		rtnl_link_set_mtu(change, br->mtu);
		rtnl_link_set_addr(change, mac);
		rtnl_link_set_flags(change, IFF_UP);
		rc = rtnl_link_change(nl->sk, orig, change, 0);
	}
	nl_addr_put(mac);
	rtnl_link_put(change);
	rtnl_link_put(orig);
	if (rc == 0)
		return 0;
	snprintf(err, errlen, "attaching %s to bridge %s: %s", t->name,
		 br->name, nl_reason(nl, rc));
	return BRH_EXIT_SYSTEM;
}
