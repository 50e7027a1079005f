/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * netlink.c - the route socket (libnl-3), and the one parser of link
 * replies.  Rules it keeps:
 *  1. A message from any netlink port but the kernel's is skipped.
 *  2. A refusal's errno is the kernel's (NLMSG_ERROR) or the failed
 *     call's; libnl's codes only when neither says (a dump that changed).
 *  3. parse_link reads every RTM_NEWLINK answer; a name that is not a
 *     valid interface name is never taken.
 */
#include "helper.h"

#include <errno.h>
#include <stdarg.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
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
	nl->kernel_errno = 0;
	nl->sk = nl_socket_alloc();
	if (nl->sk != NULL)
		rc = nl_connect(nl->sk, NETLINK_ROUTE);
	/* Acks only when a request asks (NLM_F_ACK); no peek: one read into
	 * a buffer larger than any batch the kernel sends (32 KiB). */
	if (rc == 0) {
		nl_socket_disable_auto_ack(nl->sk);
		nl_socket_disable_msg_peek(nl->sk);
		rc = nl_socket_set_msg_buf_size(nl->sk, 65536);
	}
	if (rc == 0)
		rc = nl_socket_modify_cb(nl->sk, NL_CB_MSG_IN, NL_CB_CUSTOM,
					 from_kernel, NULL);
	if (rc == 0)
		rc = nl_socket_modify_err_cb(nl->sk, NL_CB_CUSTOM, on_error,
					     nl);
	if (rc == 0)
		return 0;
	snprintf(err, errlen, "netlink: cannot open a route socket: %s",
		 errno != 0 ? strerror(errno) : nl_geterror(rc));
	netlink_close(nl);
	return BRH_EXIT_SYSTEM;
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

/* "brhelper uid=UID pid=PID", exactly as BRH_TAP_ALIAS_FMT writes it. */
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
	if (*end != '\0' || uid >= UINT32_MAX || pid > INT32_MAX)
		return;
	li->tagged = true;
	li->uid = (uint32_t)uid;
	li->pid = (int32_t)pid;
}

/* IFLA_INFO_DATA of a tun device: no attribute, no owner (fill_info). */
static void parse_tun(struct nlattr *data, struct link *li)
{
	struct nlattr *d[IFLA_TUN_MAX + 1];

	if (nla_parse_nested(d, IFLA_TUN_MAX, data, NULL) < 0)
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

static void parse_linkinfo(struct nlattr *info, struct link *li)
{
	struct nlattr *k[IFLA_INFO_MAX + 1], *b[IFLA_BR_MAX + 1];
	struct nlattr *p[IFLA_BRPORT_MAX + 1];

	if (nla_parse_nested(k, IFLA_INFO_MAX, info, NULL) < 0 ||
	    k[IFLA_INFO_KIND] == NULL)
		return;
	if (k[IFLA_INFO_SLAVE_DATA] != NULL &&
	    nla_parse_nested(p, IFLA_BRPORT_MAX, k[IFLA_INFO_SLAVE_DATA],
			     NULL) == 0 &&
	    p[IFLA_BRPORT_ISOLATED] != NULL)
		li->isolated = nla_get_u8(p[IFLA_BRPORT_ISOLATED]) != 0;
	nla_strlcpy(li->kind, k[IFLA_INFO_KIND], sizeof(li->kind));
	if (k[IFLA_INFO_DATA] == NULL)
		return;
	if (strcmp(li->kind, "tun") == 0)
		parse_tun(k[IFLA_INFO_DATA], li);
	if (strcmp(li->kind, "bridge") == 0 &&
	    nla_parse_nested(b, IFLA_BR_MAX, k[IFLA_INFO_DATA], NULL) == 0 &&
	    b[IFLA_BR_VLAN_FILTERING] != NULL)
		li->vlan_filtering = nla_get_u8(b[IFLA_BR_VLAN_FILTERING]) != 0;
}

/* An RTM_NEWLINK message into li: 0, or -1 when it is not one we take. */
static int parse_link(struct nlmsghdr *h, struct link *li)
{
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi = nlmsg_data(h);

	memset(li, 0, sizeof(*li));
	if (h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 ||
	    tb[IFLA_IFNAME] == NULL || attr_ifname(tb[IFLA_IFNAME], li->name))
		return -1;
	li->ifindex = ifi->ifi_index;
	li->up = (ifi->ifi_flags & IFF_UP) != 0;
	if (tb[IFLA_MTU] != NULL)
		li->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_MASTER] != NULL)
		li->master = (int)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_IFALIAS] != NULL)
		parse_alias(tb[IFLA_IFALIAS], li);
	if (tb[IFLA_PROP_LIST] != NULL)
		parse_altnames(tb[IFLA_PROP_LIST], li);
	if (tb[IFLA_LINKINFO] != NULL)
		parse_linkinfo(tb[IFLA_LINKINFO], li);
	return 0;
}

struct each {
	link_fn fn;
	void *arg;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct each *e = arg;
	struct link li;

	if (parse_link(nlmsg_hdr(msg), &li) == 0)
		e->fn(&li, e->arg);
	return NL_OK;
}

int netlink_request(struct netlink *nl, struct nl_msg *msg, link_fn fn,
		    void *arg)
{
	struct each e = { fn, arg };
	struct nl_cb *cb = NULL;
	int rc = -NLE_NOMEM;

	errno = 0;
	nl->kernel_errno = 0;
	if (msg == NULL)
		return rc;
	cb = nl_cb_clone(nl_socket_get_cb(nl->sk));
	if (cb != NULL && fn != NULL)
		rc = nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &e);
	else if (cb != NULL)
		rc = 0;
	if (rc == 0)
		rc = nl_send_auto(nl->sk, msg);
	if (rc >= 0 && (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_ACK))
		rc = nl_wait_for_ack(nl->sk);
	else if (rc >= 0)
		rc = nl_recvmsgs(nl->sk, cb);
	if (rc < 0 && nl->kernel_errno == 0)
		nl->kernel_errno = errno; /* the failed call's, if any */
	nlmsg_free(msg);
	nl_cb_put(cb);
	return rc < 0 ? rc : 0;
}

static void keep_one(const struct link *li, void *arg)
{
	*(struct link *)arg = *li;
}

/* One interface by name (or altname): 0, or -errno (-ENODEV: none). */
int link_get(struct netlink *nl, const char *name, struct link *li)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, 0);
	int rc = -NLE_NOMEM;

	li->ifindex = 0;
	if (msg != NULL &&
	    nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
	    nla_put_string(msg, IFLA_IFNAME, name) == 0 &&
	    nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) == 0)
		rc = netlink_request(nl, msg, keep_one, li);
	else
		nlmsg_free(msg);
	if (rc == 0 && li->ifindex == 0)
		rc = -NLE_PARSE_ERR;
	return rc;
}
