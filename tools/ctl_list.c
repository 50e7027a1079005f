/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * ctl_list.c - brhelperctl list [--br=BRIDGE]: the TAPs brhelper made.
 *
 * Listing links needs no privilege.  A TAP is brhelper's when its alias is
 * the one the helper sets in the request that attaches it ("brhelper
 * uid=UID pid=PID"), which only CAP_NET_ADMIN can set or change; TAPs made
 * otherwise are not listed.  This is how an administrator finds the TAPs
 * that outlived a VMM or an ACL revocation (a TAP's holder can make it
 * persistent).  Links are read with the helper's own parser (netlink.c);
 * the ports' PVIDs and locked flags come from an AF_BRIDGE dump, a locked
 * port's MAC from the bridge forwarding tables (an AF_BRIDGE neighbour
 * dump): its static entry.
 */
#include <linux/if_bridge.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../acl/acl.h"
#include "../common/ifname.h"
#include "../common/wire.h"
#include "../helper/helper.h"
#include "../trusted/accounts.h"
#include "ctl.h"

struct entry {
	struct link li;
	unsigned pvid;
	bool locked;
	char mac[18]; /* a locked port's static entry, or "" */
};

struct links {
	struct entry *v;
	size_t n, cap;
	bool nomem;
};

static void keep(const struct link *li, void *arg)
{
	struct links *l = arg;
	struct entry *n;

	if (l->n == l->cap) {
		n = reallocarray(l->v, l->cap ? 2 * l->cap : 64, sizeof(*n));
		if (n == NULL) {
			l->nomem = true;
			return;
		}
		l->v = n;
		l->cap = l->cap ? 2 * l->cap : 64;
	}
	l->v[l->n++] = (struct entry) { .li = *li };
}

static struct entry *find(const struct links *l, int ifindex)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].li.ifindex == ifindex)
			return &l->v[i];
	return NULL;
}

static struct nl_msg *dump_request(int family, uint32_t mask)
{
	struct ifinfomsg ifi = { .ifi_family = (unsigned char)family };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_DUMP);

	if (msg != NULL &&
	    (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	     nla_put_u32(msg, IFLA_EXT_MASK, mask) < 0)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* The bridge forwarding tables, every entry. */
static struct nl_msg *fdb_request(void)
{
	struct ndmsg ndm = { .ndm_family = AF_BRIDGE };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETNEIGH, NLM_F_DUMP);

	if (msg != NULL &&
	    nlmsg_append(msg, &ndm, sizeof(ndm), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* One port of an AF_BRIDGE dump: its PVID, if it has one; locked. */
static int note_port(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	const struct ifinfomsg *ifi = nlmsg_data(h);
	struct nlattr *tb[IFLA_MAX + 1], *p[IFLA_BRPORT_MAX + 1], *a;
	const struct bridge_vlan_info *v;
	struct entry *e;
	int rem;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 ||
	    (e = find(arg, ifi->ifi_index)) == NULL)
		return NL_OK;
	if (tb[IFLA_PROTINFO] != NULL &&
	    nla_parse_nested(p, IFLA_BRPORT_MAX, tb[IFLA_PROTINFO], NULL) ==
		    0 &&
	    p[IFLA_BRPORT_LOCKED] != NULL)
		e->locked = nla_get_u8(p[IFLA_BRPORT_LOCKED]) != 0;
	if (tb[IFLA_AF_SPEC] == NULL)
		return NL_OK;
	nla_for_each_nested(a, tb[IFLA_AF_SPEC], rem)
	{
		v = nla_data(a);
		if (nla_type(a) == IFLA_BRIDGE_VLAN_INFO &&
		    nla_len(a) >= (int)sizeof(*v) &&
		    (v->flags & BRIDGE_VLAN_INFO_PVID))
			e->pvid = v->vid;
	}
	return NL_OK;
}

/* One forwarding table entry: a locked port's static one is its MAC. */
static int note_fdb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	const struct ndmsg *ndm = nlmsg_data(h);
	struct nlattr *tb[NDA_MAX + 1];
	const unsigned char *m;
	struct entry *e;

	if (h->nlmsg_type != RTM_NEWNEIGH ||
	    nlmsg_parse(h, sizeof(*ndm), tb, NDA_MAX, NULL) < 0 ||
	    tb[NDA_LLADDR] == NULL || nla_len(tb[NDA_LLADDR]) != 6 ||
	    !(ndm->ndm_state & NUD_NOARP) || (ndm->ndm_state & NUD_PERMANENT) ||
	    (e = find(arg, ndm->ndm_ifindex)) == NULL || !e->locked)
		return NL_OK;
	m = nla_data(tb[NDA_LLADDR]);
	snprintf(e->mac, sizeof(e->mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0],
		 m[1], m[2], m[3], m[4], m[5]);
	return NL_OK;
}

/* A dump (msg, freed) whose answers go to fn, not to the helper's parser. */
static int dump(struct netlink *nl, struct nl_msg *msg, nl_recvmsg_msg_cb_t fn,
		struct links *all)
{
	struct nl_cb *cb = nl_cb_clone(nl_socket_get_cb(nl->sk));
	int rc = msg != NULL && cb != NULL ? 0 : -NLE_NOMEM;

	if (rc == 0)
		rc = nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, fn, all);
	if (rc == 0)
		rc = nl_send_auto(nl->sk, msg);
	if (rc >= 0)
		rc = nl_recvmsgs(nl->sk, cb);
	nlmsg_free(msg);
	nl_cb_put(cb);
	return rc < 0 ? rc : 0;
}

static void print_tap(const struct entry *e, const struct links *all,
		      const struct acl_text *pw)
{
	char user[ACCOUNTS_MAX_NAME] = "-",
	     shown[BRH_QUOTED_SIZE(ACCOUNTS_MAX_NAME)];
	char br[BRH_QUOTED_IFNAME], tap[BRH_QUOTED_IFNAME], vlan[12] = "-";
	const struct link *li = &e->li;
	const struct entry *master = find(all, li->master);
	const char *m = master != NULL ? master->li.name : "-";

	if (pw->data != NULL)
		accounts_user_by_uid(pw->data, pw->len, li->uid, user,
				     sizeof(user));
	brh_quote(user, strlen(user), shown, sizeof(shown));
	brh_quote(m, strlen(m), br, sizeof(br));
	brh_quote(li->name, strlen(li->name), tap, sizeof(tap));
	/* A PVID means something only on a bridge that filters VLANs. */
	if (e->pvid != 0 && master != NULL && master->li.vlan_filtering)
		snprintf(vlan, sizeof(vlan), "%u", e->pvid);
	printf("%-15s %-15s %10u %-16s %10d %-10s %6u %4s %-8s %s\n", tap, br,
	       (unsigned)li->uid, shown, (int)li->pid,
	       li->persist ? "yes" : "no", li->queues, vlan,
	       li->isolated ? "yes" : "no",
	       e->locked ? (e->mac[0] ? e->mac : "no-entry") : "-");
}

int ctl_list(const char *bridge)
{
	struct netlink nl = { 0 };
	struct links all = { 0 };
	struct acl_text pw = { 0 };
	struct bridge br = { .nnames = 0 };
	char err[512] = "", why[512];
	size_t i;
	int rc = netlink_open(&nl, err, sizeof(err));

	if (rc == 0 && bridge != NULL)
		rc = bridge_lookup(&nl, bridge, &br, err, sizeof(err));
	if (rc == 0) {
		rc = netlink_request(
			&nl, dump_request(AF_UNSPEC, RTEXT_FILTER_SKIP_STATS),
			keep, &all);
		if (rc == 0)
			rc = dump(&nl,
				  dump_request(AF_BRIDGE, RTEXT_FILTER_BRVLAN),
				  note_port, &all);
		if (rc == 0)
			rc = dump(&nl, fdb_request(), note_fdb, &all);
		if (rc != 0 || all.nomem)
			snprintf(err, sizeof(err), "listing interfaces: %s",
				 all.nomem ? "out of memory"
					   : netlink_reason(&nl, rc));
		rc = rc != 0 || all.nomem ? BRH_EXIT_SYSTEM : 0;
	}
	netlink_close(&nl);
	if (rc != 0) {
		free(all.v);
		return ctl_report(rc, "%s", err);
	}
	/* User names are a courtesy: an untrusted /etc/passwd gives none. */
	if (acl_file_loader.load(NULL, ACCOUNTS_PASSWD, &pw, why, sizeof(why)) <
	    0)
		pw.data = NULL;
	printf("%-15s %-15s %10s %-16s %10s %-10s %6s %4s %-8s %s\n", "TAP",
	       "BRIDGE", "UID", "USER", "PID", "PERSISTENT", "QUEUES", "VLAN",
	       "ISOLATED", "LOCKED");
	for (i = 0; i < all.n; i++)
		if (all.v[i].li.tagged &&
		    strcmp(all.v[i].li.kind, "tun") == 0 &&
		    (bridge == NULL || all.v[i].li.master == br.li.ifindex))
			print_tap(&all.v[i], &all, &pw);
	free(pw.data);
	free(all.v);
	return fflush(stdout) == 0 ? BRH_EXIT_OK
				   : ctl_report(BRH_EXIT_SYSTEM,
						"writing to stdout failed");
}
