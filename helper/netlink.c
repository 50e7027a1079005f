/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * netlink.c - the route socket (libnl-3), and the one parser of link
 * replies.  Rules it keeps:
 *  1. A message from any netlink port but the kernel's is skipped.
 *  2. A refusal's errno is the kernel's (NLMSG_ERROR) or the failed
 *     call's; libnl's codes only when neither says (a dump that changed).
 *  3. parse_link reads every RTM_NEWLINK answer a caller is given; a name
 *     that is not a valid interface name is never taken.
 */
#include "helper.h"

#include <errno.h>
#include <stdarg.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ifname.h"

int failure(int status, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return status;
}

/* A NUL-terminated attribute that is a valid interface name. */
static int attr_ifname(const struct nlattr *a, char out[IFNAMSIZ])
{
	int len = nla_len(a);
	const char *s = nla_data(a);

	if (len < 1 || s[len - 1] != '\0' || strlen(s) >= IFNAMSIZ ||
	    brh_ifname_problem(s) != NULL)
		return -1;
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/*
 * Altnames (up to 127 bytes, ':' and 0xa0 pass) that are not valid names
 * match no rule and are not kept.  More than fit: too_many_names, and the
 * bridge is refused, since a name not looked at could be a denied one.
 */
static void parse_altnames(struct nlattr *list, struct link *li)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, list, rem)
	{
		if (nla_type(a) != IFLA_ALT_IFNAME)
			continue;
		if (li->naltnames == LINK_MAX_NAMES - 1)
			li->too_many_names = true;
		else if (attr_ifname(a, li->altnames[li->naltnames]) == 0)
			li->naltnames++;
	}
}

/* "brhelper uid=UID pid=PID[ mac=MAC]", exactly as bridge_attach writes
 * it. */
static void parse_alias(const struct nlattr *a, struct link *li)
{
	unsigned long uid, pid;
	const char *s = nla_data(a);
	char *end;

	if (nla_len(a) < 1 || s[nla_len(a) - 1] != '\0' ||
	    strncmp(s, "brhelper uid=", 13) != 0 || s[13] < '0' || s[13] > '9')
		return;
	uid = strtoul(s + 13, &end, 10);
	if (strncmp(end, " pid=", 5) != 0 || end[5] < '0' || end[5] > '9')
		return;
	pid = strtoul(end + 5, &end, 10);
	li->claims = strncmp(end, " mac=", 5) == 0 &&
		     brh_mac_parse(end + 5, li->claim) == 0;
	if (li->claims)
		end += 5 + 17;
	if (*end != '\0' || uid >= UINT32_MAX || pid > INT32_MAX)
		return;
	li->tagged = true;
	li->uid = (uint32_t)uid;
	li->pid = (int32_t)pid;
}

/* The kind; a bridge port's isolated, locked; a bridge's vlan_filtering; a tun
 * device's IFLA_TUN_* (fill_info: no attribute, no owner). */
static void parse_linkinfo(struct nlattr *info, struct link *li)
{
	struct nlattr *k[IFLA_INFO_MAX + 1], *b[IFLA_BR_MAX + 1];
	struct nlattr *p[IFLA_BRPORT_MAX + 1], *d[IFLA_TUN_MAX + 1];

	if (nla_parse_nested(k, IFLA_INFO_MAX, info, NULL) < 0 ||
	    k[IFLA_INFO_KIND] == NULL)
		return;
	nla_strlcpy(li->kind, k[IFLA_INFO_KIND], sizeof(li->kind));
	if (k[IFLA_INFO_SLAVE_DATA] != NULL &&
	    nla_parse_nested(p, IFLA_BRPORT_MAX, k[IFLA_INFO_SLAVE_DATA],
			     NULL) == 0) {
		li->isolated = p[IFLA_BRPORT_ISOLATED] != NULL &&
			       nla_get_u8(p[IFLA_BRPORT_ISOLATED]) != 0;
		li->locked = p[IFLA_BRPORT_LOCKED] != NULL &&
			     nla_get_u8(p[IFLA_BRPORT_LOCKED]) != 0;
	}
	if (k[IFLA_INFO_DATA] == NULL)
		return;
	if (strcmp(li->kind, "bridge") == 0 &&
	    nla_parse_nested(b, IFLA_BR_MAX, k[IFLA_INFO_DATA], NULL) == 0 &&
	    b[IFLA_BR_VLAN_FILTERING] != NULL)
		li->vlan_filtering = nla_get_u8(b[IFLA_BR_VLAN_FILTERING]) != 0;
	if (strcmp(li->kind, "tun") != 0 ||
	    nla_parse_nested(d, IFLA_TUN_MAX, k[IFLA_INFO_DATA], NULL) < 0)
		return;
	li->owned = d[IFLA_TUN_OWNER] != NULL;
	if (li->owned)
		li->owner = nla_get_u32(d[IFLA_TUN_OWNER]);
	li->grouped = d[IFLA_TUN_GROUP] != NULL;
	li->persist = d[IFLA_TUN_PERSIST] != NULL &&
		      nla_get_u8(d[IFLA_TUN_PERSIST]) != 0;
	li->queues = 1; /* the kernel says how many only for multi-queue */
	if (d[IFLA_TUN_NUM_QUEUES] != NULL)
		li->queues = nla_get_u32(d[IFLA_TUN_NUM_QUEUES]);
	if (d[IFLA_TUN_NUM_DISABLED_QUEUES] != NULL)
		li->disabled = nla_get_u32(d[IFLA_TUN_NUM_DISABLED_QUEUES]);
}

/* Each RTM_NEWLINK answer, parsed, to the request's fn (if any). */
static int parse_link(struct nl_msg *msg, void *arg)
{
	struct netlink *nl = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	const struct ifinfomsg *ifi = nlmsg_data(h);
	struct nlattr *tb[IFLA_MAX + 1];
	struct link li = { .ifindex = 0 };

	if (nl->fn == NULL || h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 ||
	    tb[IFLA_IFNAME] == NULL || attr_ifname(tb[IFLA_IFNAME], li.name))
		return NL_OK;
	li.ifindex = ifi->ifi_index;
	li.up = (ifi->ifi_flags & IFF_UP) != 0;
	if (tb[IFLA_MTU] != NULL)
		li.mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_ADDRESS] != NULL && nla_len(tb[IFLA_ADDRESS]) == ETH_ALEN)
		memcpy(li.addr, nla_data(tb[IFLA_ADDRESS]), ETH_ALEN);
	if (tb[IFLA_MASTER] != NULL)
		li.master = (int)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_IFALIAS] != NULL)
		parse_alias(tb[IFLA_IFALIAS], &li);
	if (tb[IFLA_PROP_LIST] != NULL)
		parse_altnames(tb[IFLA_PROP_LIST], &li);
	if (tb[IFLA_LINKINFO] != NULL)
		parse_linkinfo(tb[IFLA_LINKINFO], &li);
	nl->fn(&li, nl->arg);
	return NL_OK;
}

static int from_kernel(struct nl_msg *msg, void *arg)
{
	(void)arg;
	return nlmsg_get_src(msg)->nl_pid == 0 ? NL_OK : NL_SKIP;
}

static int on_error(struct sockaddr_nl *from, struct nlmsgerr *e, void *arg)
{
	struct netlink *nl = arg;

	(void)from;
	nl->kernel_errno = -e->error;
	return NL_STOP;
}

int netlink_open(struct netlink *nl, char *err, size_t errlen)
{
	int rc = -NLE_NOMEM;

	errno = 0;
	*nl = (struct netlink) { .sk = nl_socket_alloc() };
	if (nl->sk != NULL)
		rc = nl_connect(nl->sk, NETLINK_ROUTE);
	if (rc == 0)
		rc = nl_socket_modify_cb(nl->sk, NL_CB_MSG_IN, NL_CB_CUSTOM,
					 from_kernel, NULL);
	if (rc == 0)
		rc = nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM,
					 parse_link, nl);
	if (rc == 0)
		rc = nl_socket_modify_err_cb(nl->sk, NL_CB_CUSTOM, on_error,
					     nl);
	if (rc != 0) {
		snprintf(err, errlen, "netlink: cannot open a route socket: %s",
			 errno != 0 ? strerror(errno) : nl_geterror(rc));
		netlink_close(nl);
		return BRH_EXIT_SYSTEM;
	}
	/* Acks only when a request asks (NLM_F_ACK); no peek: one read into
	 * a buffer larger than any batch the kernel sends (32 KiB). */
	nl_socket_disable_auto_ack(nl->sk);
	nl_socket_disable_msg_peek(nl->sk);
	nl_socket_set_msg_buf_size(nl->sk, 65536);
	return 0;
}

void netlink_close(struct netlink *nl)
{
	nl_socket_free(nl->sk); /* closes it; NULL is no-op */
	nl->sk = NULL;
}

const char *netlink_reason(const struct netlink *nl, int rc)
{
	if (nl->kernel_errno != 0)
		return strerror(nl->kernel_errno);
	if (rc == -NLE_DUMP_INTR)
		return "the list changed while it was read (try again)";
	return nl_geterror(rc);
}

int netlink_request(struct netlink *nl, struct nl_msg *msg, link_fn fn,
		    void *arg)
{
	int rc = msg != NULL ? 0 : -NLE_NOMEM;

	errno = 0;
	nl->kernel_errno = 0;
	nl->fn = fn;
	nl->arg = arg;
	if (rc == 0)
		rc = nl_send_auto(nl->sk, msg);
	if (rc >= 0 && (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_ACK))
		rc = nl_wait_for_ack(nl->sk);
	else if (rc >= 0)
		rc = nl_recvmsgs_default(nl->sk);
	if (rc < 0 && nl->kernel_errno == 0)
		nl->kernel_errno = errno; /* the failed call's, if any */
	nlmsg_free(msg);
	nl->fn = NULL;
	return rc < 0 ? rc : 0;
}

static void keep_one(const struct link *li, void *arg)
{
	*(struct link *)arg = *li;
}

/* One interface by name (or altname): 0, or -NLE (none: ENODEV). */
int link_get(struct netlink *nl, const char *name, struct link *li)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, 0);
	int rc;

	li->ifindex = 0;
	if (msg != NULL &&
	    (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	     nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
	     nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	rc = netlink_request(nl, msg, keep_one, li);
	if (rc == 0 && li->ifindex == 0)
		rc = -NLE_PARSE_ERR;
	return rc;
}
