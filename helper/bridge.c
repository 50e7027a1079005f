/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * bridge.c - the bridge, and the TAP as its port.  One RTM_GETLINK by the
 * name given gives the bridge's ifindex, kind, MTU, real name and
 * altnames, for the ACL to decide on all of them.  The TAP is attached by
 * one libnl-route-3 link change: master (by ifindex, never a name), MTU,
 * MAC, alias and, when nothing is to be set first, IFF_UP.  isolated,
 * vlan= and locked are AF_BRIDGE requests (that API has no call for them);
 * locked's forwarding table entry is libnl-route-3's neighbour call.
 */
#include "helper.h"

#include <errno.h>
#include <linux/if_bridge.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/route/link.h>
#include <netlink/route/neighbour.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "../common/ifname.h"

int bridge_lookup(struct netlink *nl, const char *name, struct bridge *br,
		  char *err, size_t errlen)
{
	char shown[BRH_QUOTED_IFNAME];
	const char *kind = br->li.kind;
	size_t i;
	int rc = link_get(nl, name, &br->li);

	brh_quote(name, strlen(name), shown, sizeof(shown));
	if (rc < 0 && nl->kernel_errno == ENODEV)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "bridge %s: no such interface; create it with "
			       "'ip link add %s type bridge'",
			       shown, shown);
	if (rc < 0)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "bridge %s: looking it up: %s", shown,
			       netlink_reason(nl, rc));
	if (strcmp(kind, "bridge") != 0)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "%s is %s%s%s, not a bridge", shown,
			       kind[0] ? "a " : "an interface without a kind",
			       kind, kind[0] ? " interface" : "");
	if (br->li.too_many_names)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "bridge %s: more than %d alternative names; "
			       "refusing what the ACL cannot all check",
			       shown, LINK_MAX_NAMES - 1);
	br->names[0] = br->li.name;
	for (i = 0; i < br->li.naltnames; i++)
		br->names[i + 1] = br->li.altnames[i];
	br->nnames = br->li.naltnames + 1;
	return 0;
}

/*
 * One acked link change to the TAP, named as TUNSETIFF named it: IFF_UP
 * set or cleared and, with br, attached: master (by ifindex), MTU, MAC
 * and alias (who made it, in the same request: the caller cannot change
 * it).  0, or -NLE.
 */
static int change_tap(struct netlink *nl, const struct tap *t,
		      const struct bridge *br, const char *alias, bool up)
{
	struct rtnl_link *tap = rtnl_link_alloc(), *c = rtnl_link_alloc();
	struct nl_addr *mac = nl_addr_build(AF_LLC, t->mac, sizeof(t->mac));
	struct nl_msg *msg = NULL;
	int rc = -NLE_NOMEM;

	if (tap != NULL && c != NULL && mac != NULL) {
		rtnl_link_set_name(c, t->name);
		if (up)
			rtnl_link_set_flags(c, IFF_UP);
		else
			rtnl_link_unset_flags(c, IFF_UP);
		if (br != NULL) {
			rtnl_link_set_master(c, br->li.ifindex);
			rtnl_link_set_mtu(c, br->li.mtu);
			rtnl_link_set_addr(c, mac);
			rtnl_link_set_ifalias(c, alias);
		}
		rc = rtnl_link_build_change_request(tap, c, NLM_F_ACK, &msg);
	}
	if (rc == 0)
		rc = netlink_request(nl, msg, NULL, NULL);
	rtnl_link_put(tap);
	rtnl_link_put(c);
	nl_addr_put(mac);
	return rc;
}

int bridge_attach(struct netlink *nl, const struct bridge *br, struct tap *t,
		  uid_t uid, pid_t pid, const char *mac, bool up, char *err,
		  size_t errlen)
{
	struct ifreq ifr = { .ifr_ifindex = 0 };
	char alias[80], shown[BRH_QUOTED_IFNAME];
	int n, rc;

	/* AF_BRIDGE requests and the quota's count name it by ifindex. */
	memcpy(ifr.ifr_name, t->name, IFNAMSIZ);
	if (ioctl(nl_socket_get_fd(nl->sk), SIOCGIFINDEX, &ifr) < 0)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "%s: finding its index: %s", t->name,
			       strerror(errno));
	t->ifindex = ifr.ifr_ifindex;
	n = snprintf(alias, sizeof(alias), BRH_TAP_ALIAS_FMT, (unsigned)uid,
		     (int)pid);
	if (mac != NULL)
		snprintf(alias + n, sizeof(alias) - (size_t)n, " mac=%s", mac);
	rc = change_tap(nl, t, br, alias, up);
	if (rc == 0)
		return 0;
	brh_quote(br->li.name, strlen(br->li.name), shown, sizeof(shown));
	return failure(BRH_EXIT_SYSTEM, err, errlen,
		       "attaching %s to bridge %s: %s", t->name, shown,
		       netlink_reason(nl, rc));
}

/* The bridge's TAPs: the kernel filters by IFLA_MASTER and kind. */
int bridge_taps(struct netlink *nl, int master, link_fn fn, void *arg)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_DUMP);
	struct nlattr *info = NULL;

	if (msg == NULL ||
	    nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0 ||
	    nla_put_u32(msg, IFLA_MASTER, (uint32_t)master) < 0 ||
	    (info = nla_nest_start(msg, IFLA_LINKINFO)) == NULL ||
	    nla_put_string(msg, IFLA_INFO_KIND, "tun") < 0) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	nla_nest_end(msg, info);
	return netlink_request(nl, msg, fn, arg);
}

int link_set_up(struct netlink *nl, const struct tap *t, bool up, char *err,
		size_t errlen)
{
	int rc = change_tap(nl, t, NULL, NULL, up);

	if (rc == 0)
		return 0;
	return failure(BRH_EXIT_SYSTEM, err, errlen, "bringing %s %s: %s",
		       t->name, up ? "up" : "down", netlink_reason(nl, rc));
}

/* One acked AF_BRIDGE request on the port (type RTM_SETLINK or DELLINK). */
static int port_request(struct netlink *nl, int type, int ifindex, int nest,
			int attr, const void *data, int len)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE,
				 .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_ACK);
	struct nlattr *n = NULL;

	if (msg == NULL ||
	    nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    (n = nla_nest_start(msg, nest)) == NULL ||
	    nla_put(msg, attr, len, data) < 0) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	nla_nest_end(msg, n);
	return netlink_request(nl, msg, NULL, NULL);
}

/* One acked AF_BRIDGE IFLA_PROTINFO flag on the port: on or off. */
static int port_flag(struct netlink *nl, const struct tap *t, int attr,
		     uint8_t on)
{
	return port_request(nl, RTM_SETLINK, t->ifindex,
			    IFLA_PROTINFO | NLA_F_NESTED, attr, &on, 1);
}

/*
 * mac as a static entry of the bridge's forwarding table, on the port (on
 * vlan, if not 0; else on each of its VLANs).  NLM_F_EXCL: a MAC the table
 * has already (another port's, learned or static, or the bridge's own) is
 * EEXIST, and the table is left as it was.
 */
static int fdb_add(struct netlink *nl, const struct tap *t,
		   const unsigned char *mac, unsigned vlan)
{
	struct rtnl_neigh *n = rtnl_neigh_alloc();
	struct nl_addr *a = nl_addr_build(AF_LLC, mac, ETHER_ADDR_LEN);
	struct nl_msg *msg = NULL;
	int rc = -NLE_NOMEM;

	if (n != NULL && a != NULL) {
		rtnl_neigh_set_family(n, AF_BRIDGE);
		rtnl_neigh_set_ifindex(n, t->ifindex);
		rtnl_neigh_set_lladdr(n, a);
		rtnl_neigh_set_state(n, NUD_NOARP); /* static */
		/* sticky: a frame from mac on another port does not move it */
		rtnl_neigh_set_flags(n, NTF_MASTER | NTF_STICKY);
		if (vlan)
			rtnl_neigh_set_vlan(n, (int)vlan);
		rc = rtnl_neigh_build_add_request(
			n, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, &msg);
	}
	if (rc == 0)
		rc = netlink_request(nl, msg, NULL, NULL);
	rtnl_neigh_put(n);
	nl_addr_put(a);
	return rc;
}

struct claim {
	int mine; /* our TAP's ifindex */
	const unsigned char *mac;
	bool taken;
};

static void claim_one(const struct link *li, void *arg)
{
	struct claim *c = arg;

	if (li->ifindex != c->mine && li->claims &&
	    memcmp(li->claim, c->mac, ETHER_ADDR_LEN) == 0)
		c->taken = true;
}

/*
 * Another TAP of the bridge whose alias claims mac?  Its entry may be gone
 * (a TAP's holder that sets its address to mac makes the bridge replace
 * the entry by a local one, SIOCSIFHWADDR), but its claim stays while it
 * exists: 1, 0, or -NLE.
 */
static int claimed(struct netlink *nl, const struct bridge *br,
		   const struct tap *t, const unsigned char *mac)
{
	struct claim c = { t->ifindex, mac, false };
	unsigned i;
	int rc = -NLE_DUMP_INTR;

	for (i = 0; i < DUMP_TRIES && rc == -NLE_DUMP_INTR; i++) {
		c.taken = false;
		rc = bridge_taps(nl, br->li.ifindex, claim_one, &c);
	}
	return rc < 0 ? rc : c.taken;
}

/*
 * locked: learning and unknown-unicast flooding off, BPDU guard on (with
 * STP on, the bridge reads BPDUs before the lock's check: one disables the
 * port instead), mac claimed by no other TAP, mac static on the port, then
 * the port locked: the bridge forwards only frames from mac, and sends the
 * guest only what is for mac (and broadcast, multicast).  0,
 * BRH_EXIT_DENIED (mac is another port's), or -NLE with *what.
 */
static int lock_port(struct netlink *nl, const struct bridge *br,
		     const struct tap *t, const unsigned char *mac,
		     unsigned vlan, const char **what)
{
	struct link q;
	int rc;

	*what = "turning learning and flooding off, BPDU guard on";
	rc = port_flag(nl, t, IFLA_BRPORT_LEARNING, 0);
	if (rc == 0)
		rc = port_flag(nl, t, IFLA_BRPORT_UNICAST_FLOOD, 0);
	if (rc == 0)
		rc = port_flag(nl, t, IFLA_BRPORT_GUARD, 1);
	if (rc == 0) {
		*what = "reading the MACs the bridge's TAPs claim";
		rc = claimed(nl, br, t, mac);
		if (rc == 1)
			return BRH_EXIT_DENIED;
	}
	if (rc == 0) {
		*what = "adding the guest's MAC to its forwarding table";
		rc = fdb_add(nl, t, mac, vlan);
		if (rc != 0 && nl->kernel_errno == EEXIST)
			return BRH_EXIT_DENIED;
	}
	if (rc == 0) {
		*what = "locking the port (IFLA_BRPORT_LOCKED: Linux 5.18)";
		rc = port_flag(nl, t, IFLA_BRPORT_LOCKED, 1);
	}
	if (rc == 0) /* an older kernel takes the request and ignores it */
		rc = link_get(nl, t->name, &q);
	if (rc == 0 && !q.locked)
		rc = -NLE_OPNOTSUPP;
	return rc;
}

/*
 * The rule's settings, before the port is up: no frame crosses with other
 * settings.  vlan=N: N the untagged PVID, then VLAN 1 (the default)
 * removed, so the port carries N and nothing else.  Then locked.
 */
int port_settings(struct netlink *nl, const struct bridge *br,
		  const struct tap *t, const struct acl_rule *rule,
		  const unsigned char *mac, char *err, size_t errlen)
{
	const struct acl_options *opt = &rule->opt;
	struct bridge_vlan_info vlan = { BRIDGE_VLAN_INFO_PVID |
						 BRIDGE_VLAN_INFO_UNTAGGED,
					 (uint16_t)opt->vlan };
	struct bridge_vlan_info one = { 0, 1 };
	const char *what = "isolating the port";
	int rc = 0;

	if (opt->isolated)
		rc = port_flag(nl, t, IFLA_BRPORT_ISOLATED, 1);
	if (rc == 0 && opt->vlan) {
		what = "setting its VLAN";
		rc = port_request(nl, RTM_SETLINK, t->ifindex, IFLA_AF_SPEC,
				  IFLA_BRIDGE_VLAN_INFO, &vlan, sizeof(vlan));
	}
	if (rc == 0 && opt->vlan > 1)
		rc = port_request(nl, RTM_DELLINK, t->ifindex, IFLA_AF_SPEC,
				  IFLA_BRIDGE_VLAN_INFO, &one, sizeof(one));
	if (rc == 0 && opt->locked)
		rc = lock_port(nl, br, t, mac, opt->vlan, &what);
	if (rc == 0 || rc == BRH_EXIT_DENIED)
		return rc;
	return failure(BRH_EXIT_SYSTEM, err, errlen,
		       "%s on bridge %s: %s, as %s:%u asks: %s", t->name,
		       br->li.name, what, rule->file, rule->line,
		       netlink_reason(nl, rc));
}

/*
 * Between TUNSETIFF and TUNSETOWNER a multi-queue TAP has no owner: anyone
 * may attach a queue and keep it (to read the VM's traffic), and set the
 * owner, group and persistence.  So, owner set and our queues joined: the
 * caller's, no group, not persistent, exactly our queues, none detached.
 * Then no one else may attach: final.  Else the run fails.
 */
int tap_check_as_made(struct netlink *nl, const struct tap *t, uid_t owner,
		      char *err, size_t errlen)
{
	struct link q;
	int rc = link_get(nl, t->name, &q);
	bool mine;

	if (rc < 0)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "%s: reading it back: %s", t->name,
			       netlink_reason(nl, rc));
	mine = q.owned && q.owner == (uint32_t)owner;
	if (q.queues == t->queues && q.disabled == 0 && mine && !q.grouped &&
	    !q.persist)
		return 0;
	return failure(BRH_EXIT_SYSTEM, err, errlen,
		       "%s: %u queues attached and %u detached (%u made), %s, "
		       "%s, %s: not the caller's TAP as made; another process "
		       "attached to it before it had an owner; refused",
		       t->name, (unsigned)q.queues, (unsigned)q.disabled,
		       t->queues,
		       mine ? "owned by the caller" : "owned by another uid",
		       q.grouped ? "given a group" : "no group",
		       q.persist ? "made persistent" : "not persistent");
}
