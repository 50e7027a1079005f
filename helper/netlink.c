/*
 * netlink.c - find the bridge and attach the TAP, over rtnetlink.
 *
 * libnl-3's message API, no link objects or caches: two requests for a
 * plain run (a multi-queue TAP adds one RTM_GETLINK of itself, to read it
 * back: tap_check_as_made(); max=, vlan= and isolated add theirs).
 * One RTM_GETLINK for the bridge by name (the kernel resolves the name or
 * any altname; never a dump of every link, statistics skipped), whose
 * reply gives the ifindex, the kind, the MTU, the real name and every
 * altname, so that the ACL can decide on all of them.  One RTM_NEWLINK
 * that sets the TAP's master (the bridge's ifindex, never a name), MTU,
 * MAC and IFF_UP together.  Errors carry the errno of the kernel's reply,
 * captured from the NLMSG_ERROR message itself.
 *
 * libnl builds every request and parses every answer (nlmsg_*, nla_*);
 * the socket is a plain one, sent to and read here (exchange()): no
 * nl_sock, no callback tables, no buffer per message.  The kernel binds it
 * at the first send; an answer is taken only from the kernel (port 0) and
 * only for the request's sequence number.
 */
#include "helper.h"

#include <errno.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../lib/ifname.h"
#include "../lib/wire.h"

/*
 * Answers are read into this buffer: static, so that only the bytes the
 * kernel writes are touched (a dump's batch is at most 32 KiB, a link
 * without statistics a few).
 */
static char answer[65536] __attribute__((aligned(8)));

/* A dump whose list changed while the kernel sent it (NLM_F_DUMP_INTR). */
#define DUMP_CHANGED (-4096)

/* rc: 0, -errno or DUMP_CHANGED from exchange(). */
static const char *nl_reason(int rc)
{
	if (rc == DUMP_CHANGED)
		return "the list changed while it was read (try again)";
	return strerror(rc < 0 ? -rc : EIO);
}

/*
 * Every request here is a few hundred bytes at most (the attach, with its
 * alias, about 130): libnl's default of a page per message would be
 * zeroed, and faulted in, for nothing.  A request that outgrew it would
 * fail to build, every time (-ENOMEM), never be cut.
 */
#define REQUEST_SIZE 512

int netlink_open(struct netlink *nl, char *err, size_t errlen)
{
	nlmsg_set_default_size(REQUEST_SIZE);
	nl->kernel_errno = 0;
	nl->seq = 0;
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	nl->open = nl->fd >= 0;
	if (nl->open)
		return 0;
	snprintf(err, errlen, "netlink: cannot open a route socket: %s",
		 strerror(errno));
	return BRH_EXIT_SYSTEM;
}

void netlink_close(struct netlink *nl)
{
	if (nl->open)
		close(nl->fd);
	nl->open = false;
}

typedef void (*answer_fn)(const struct nlmsghdr *h, void *arg);

/* Where an exchange stands. */
struct reading {
	bool done, interrupted;
	int rc;
};

/*
 * One batch of the answer: each message of it to fn, until its end: the
 * NLMSG_ERROR that acks (0) or refuses (the kernel's errno), a dump's
 * NLMSG_DONE, or a request's one answer.
 */
static void read_batch(struct netlink *nl, answer_fn fn, void *arg,
		       struct reading *r)
{
	struct sockaddr_nl from;
	struct iovec iov = { answer, sizeof(answer) };
	struct msghdr m = { .msg_name = &from,
			    .msg_namelen = sizeof(from),
			    .msg_iov = &iov,
			    .msg_iovlen = 1 };
	const struct nlmsghdr *h;
	const struct nlmsgerr *e;
	ssize_t got = recvmsg(nl->fd, &m, 0);
	int len;

	if (got <= 0) {
		if (got == 0 || errno != EINTR)
			r->rc = got == 0 ? -ENODATA : -errno;
		return;
	}
	if (m.msg_flags & MSG_TRUNC) {
		r->rc = -EMSGSIZE;
		return;
	}
	if (m.msg_namelen != sizeof(from) || from.nl_pid != 0)
		return;
	len = (int)got;
	for (h = (const struct nlmsghdr *)answer; !r->done && NLMSG_OK(h, len);
	     h = NLMSG_NEXT(h, len)) {
		if (h->nlmsg_seq != nl->seq)
			continue;
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			r->interrupted = true;
		e = NLMSG_DATA(h);
		if (h->nlmsg_type == NLMSG_ERROR) {
			/* An ack, or a refusal; never a short one. */
			r->done = true;
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				r->rc = -EBADMSG;
			else if (e->error < 0)
				nl->kernel_errno = -e->error;
			if (r->rc == 0)
				r->rc = -nl->kernel_errno;
		} else if (h->nlmsg_type == NLMSG_DONE) {
			/* A dump's end: its error, if it carries one. */
			r->done = true;
			if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) &&
			    e->error < 0)
				nl->kernel_errno = -e->error;
			r->rc = nl->kernel_errno ? -nl->kernel_errno
				: r->interrupted ? DUMP_CHANGED
						 : 0;
		} else if (h->nlmsg_type == NLMSG_OVERRUN) {
			/* Part of the answer was lost: nothing is trusted. */
			r->done = true;
			r->rc = -ENOBUFS;
		} else if (h->nlmsg_type >= NLMSG_MIN_TYPE) {
			if (fn != NULL)
				fn(h, arg);
			/* A request's one answer, when no ack is to follow. */
			if (!(h->nlmsg_flags & NLM_F_MULTI) && !nl->acked)
				r->done = true;
		}
	}
}

/*
 * Send msg (built, or -ENOMEM; freed either way) and read the kernel's
 * whole answer to it, each message to fn.  0, -errno (the kernel's is also
 * in kernel_errno) or DUMP_CHANGED.
 */
static int exchange(struct netlink *nl, struct nl_msg *msg, int built,
		    answer_fn fn, void *arg)
{
	static const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nlmsghdr *req = built ? nlmsg_hdr(msg) : NULL;
	struct reading r = { false, false, built ? 0 : -ENOMEM };

	nl->kernel_errno = 0;
	if (req != NULL) {
		req->nlmsg_flags |= NLM_F_REQUEST;
		req->nlmsg_seq = ++nl->seq;
		req->nlmsg_pid = 0;
		nl->acked = (req->nlmsg_flags & NLM_F_ACK) != 0;
		/*
		 * Addressed to the kernel, as libnl's sends are: the kernel
		 * then checks CAP_NET_ADMIN in effect now (step 6), not in
		 * the credentials the socket was opened with (none).
		 */
		if (sendto(nl->fd, req, req->nlmsg_len, 0,
			   (const struct sockaddr *)&kernel,
			   sizeof(kernel)) < 0)
			r.rc = -errno;
	}
	nlmsg_free(msg);
	while (r.rc == 0 && !r.done)
		read_batch(nl, fn, arg, &r);
	nl->changed = r.rc == DUMP_CHANGED;
	return r.rc;
}

/* A NUL-terminated string attribute that is a valid interface name. */
static int attr_ifname(const struct nlattr *a, char out[IFNAMSIZ])
{
	int len = nla_len(a);
	const char *s = nla_data(a);

	if (len < 1 || s[len - 1] != '\0' || strlen(s) >= IFNAMSIZ)
		return -1;
	memcpy(out, s, strlen(s) + 1);
	return brh_ifname_problem(out) == NULL ? 0 : -1;
}

/*
 * Altnames may be up to 127 bytes, and the kernel checks them less than
 * names (':' and 0xa0 pass); an ACL name is a valid interface name of at
 * most 15 bytes, so an altname that is not one can match no rule and is
 * not kept.  More matchable ones than we have room for: refused, since a
 * name not looked at could be a denied one.
 */
static int parse_altnames(struct bridge *br, struct nlattr *list)
{
	struct nlattr *a;
	int rem;

	if (list == NULL)
		return 0;
	nla_for_each_nested(a, list, rem)
	{
		if (nla_type(a) != IFLA_ALT_IFNAME)
			continue;
		if (nla_len(a) < 1 ||
		    ((const char *)nla_data(a))[nla_len(a) - 1] != '\0')
			return -1;
		if (strlen(nla_data(a)) >= IFNAMSIZ ||
		    brh_ifname_problem(nla_data(a)) != NULL)
			continue;
		if (br->nnames >= BRIDGE_MAX_NAMES)
			return -1;
		if (attr_ifname(a, br->names[br->nnames]) < 0)
			return -1;
		br->nnames++;
	}
	return 0;
}

/* The RTM_NEWLINK reply: ifindex, real name, kind, MTU, altnames. */
static void parse_link(const struct nlmsghdr *h, void *arg)
{
	struct bridge *br = arg;
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	struct nlattr *bd[IFLA_BR_MAX + 1];
	const struct ifinfomsg *ifi;

	br->parsed = -1;
	if (h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(*ifi), tb, IFLA_MAX,
			NULL) < 0 ||
	    tb[IFLA_IFNAME] == NULL || tb[IFLA_MTU] == NULL ||
	    nla_len(tb[IFLA_MTU]) < 4)
		return;
	ifi = nlmsg_data(h);
	br->ifindex = ifi->ifi_index;
	br->mtu = nla_get_u32(tb[IFLA_MTU]);
	br->kind[0] = '\0';
	br->vlan_filtering = false;
	if (tb[IFLA_LINKINFO] != NULL &&
	    nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) == 0 &&
	    li[IFLA_INFO_KIND] != NULL)
		nla_strlcpy(br->kind, li[IFLA_INFO_KIND], sizeof(br->kind));
	if (tb[IFLA_LINKINFO] != NULL && li[IFLA_INFO_DATA] != NULL &&
	    nla_parse_nested(bd, IFLA_BR_MAX, li[IFLA_INFO_DATA], NULL) == 0 &&
	    bd[IFLA_BR_VLAN_FILTERING] != NULL)
		br->vlan_filtering = nla_get_u8(bd[IFLA_BR_VLAN_FILTERING]) !=
				     0;
	br->nnames = 0;
	if (attr_ifname(tb[IFLA_IFNAME], br->names[0]) < 0)
		return;
	br->nnames = 1;
	br->parsed = parse_altnames(br, tb[IFLA_PROP_LIST]) == 0 ? 1 : -2;
}

static int lookup_failed(const struct netlink *nl, const struct bridge *br,
			 int rc, char *err, size_t errlen)
{
	char shown[BRH_QUOTED_IFNAME];

	brh_quote(br->name, strlen(br->name), shown, sizeof(shown));
	if (nl->kernel_errno == ENODEV)
		snprintf(err, errlen,
			 "bridge %s: no such interface; create it "
			 "with 'ip link add %s type bridge'",
			 shown, shown);
	else if (br->parsed == -2)
		snprintf(err, errlen,
			 "bridge %s: more than %d alternative "
			 "names; refusing what the ACL cannot all check",
			 shown, BRIDGE_MAX_NAMES);
	else
		snprintf(err, errlen, "bridge %s: looking it up: %s", shown,
			 br->parsed < 0 && rc >= 0 ? "unexpected reply"
						   : nl_reason(rc));
	return BRH_EXIT_SYSTEM;
}

int bridge_lookup(struct netlink *nl, struct bridge *br, char *err,
		  size_t errlen)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, 0);
	char shown[BRH_QUOTED_IFNAME];
	int rc, built;

	br->parsed = 0;
	built = msg != NULL &&
		nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
		nla_put_string(msg, IFLA_IFNAME, br->name) == 0 &&
		nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) == 0;
	rc = exchange(nl, msg, built, parse_link, br);
	if (rc < 0 || br->parsed != 1)
		return lookup_failed(nl, br, rc, err, errlen);
	if (strcmp(br->kind, "bridge") != 0) {
		brh_quote(br->name, strlen(br->name), shown, sizeof(shown));
		snprintf(err, errlen, "%s is %s%s%s, not a bridge", shown,
			 br->kind[0] ? "a " : "an interface without a kind",
			 br->kind, br->kind[0] ? " interface" : "");
		return BRH_EXIT_SYSTEM;
	}
	return 0;
}

/* An acked request: msg, if built, sent; the kernel's answer read; freed. */
static int request_with(struct netlink *nl, struct nl_msg *msg, int built)
{
	return exchange(nl, msg, built, NULL, NULL);
}

int bridge_attach(struct netlink *nl, const struct bridge *br,
		  const struct tap *t, uid_t uid, pid_t pid, bool up, char *err,
		  size_t errlen)
{
	char alias[64];
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC,
				 .ifi_flags = up ? IFF_UP : 0,
				 .ifi_change = IFF_UP };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_ACK);
	char shown[BRH_QUOTED_IFNAME];
	int rc, built;

	snprintf(alias, sizeof(alias), TAP_ALIAS_FMT, (unsigned)uid, (int)pid);
	/*
	 * ifindex 0 and IFLA_IFNAME: the kernel finds the TAP by the name
	 * TUNSETIFF just gave it; the bridge is named by its ifindex.  The
	 * alias says who made it, in the same request: setting an alias
	 * needs CAP_NET_ADMIN, so the caller cannot change or remove it.
	 */
	built = msg != NULL &&
		nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
		nla_put_string(msg, IFLA_IFNAME, t->name) == 0 &&
		nla_put_u32(msg, IFLA_MASTER, (uint32_t)br->ifindex) == 0 &&
		nla_put_u32(msg, IFLA_MTU, br->mtu) == 0 &&
		nla_put(msg, IFLA_ADDRESS, sizeof(t->mac), t->mac) == 0 &&
		nla_put_string(msg, IFLA_IFALIAS, alias) == 0;
	rc = request_with(nl, msg, built);
	if (rc >= 0)
		return 0;
	brh_quote(br->names[0], strlen(br->names[0]), shown, sizeof(shown));
	snprintf(err, errlen, "attaching %s to bridge %s: %s", t->name, shown,
		 nl_reason(rc));
	return BRH_EXIT_SYSTEM;
}

/*
 * "brhelper uid=UID pid=PID", exactly as TAP_ALIAS_FMT writes it: 1 with
 * the numbers, 0 for any other alias.
 */
static int parse_alias(const char *s, struct link_info *li)
{
	unsigned long uid, pid;
	char *end;

	if (strncmp(s, "brhelper uid=", 13) != 0 || s[13] < '0' || s[13] > '9')
		return 0;
	uid = strtoul(s + 13, &end, 10);
	if (strncmp(end, " pid=", 5) != 0 || end[5] < '0' || end[5] > '9')
		return 0;
	pid = strtoul(end + 5, &end, 10);
	if (*end != '\0' || uid >= UINT32_MAX || pid > INT32_MAX)
		return 0;
	li->uid = (uint32_t)uid;
	li->pid = (int32_t)pid;
	return 1;
}

/* IFLA_LINKINFO: a tun's persistence and queues, a bridge port's isolation. */
static void parse_linkinfo(struct nlattr *info, struct link_info *li)
{
	struct nlattr *k[IFLA_INFO_MAX + 1], *d[IFLA_TUN_MAX + 1];
	struct nlattr *p[IFLA_BRPORT_MAX + 1], *b[IFLA_BR_MAX + 1];

	if (info == NULL || nla_parse_nested(k, IFLA_INFO_MAX, info, NULL) < 0)
		return;
	if (k[IFLA_INFO_KIND] != NULL &&
	    nla_strcmp(k[IFLA_INFO_KIND], "bridge") == 0 &&
	    k[IFLA_INFO_DATA] != NULL &&
	    nla_parse_nested(b, IFLA_BR_MAX, k[IFLA_INFO_DATA], NULL) == 0 &&
	    b[IFLA_BR_VLAN_FILTERING] != NULL)
		li->vlan_filtering = nla_get_u8(b[IFLA_BR_VLAN_FILTERING]) != 0;
	if (k[IFLA_INFO_KIND] != NULL &&
	    nla_strcmp(k[IFLA_INFO_KIND], "tun") == 0 &&
	    k[IFLA_INFO_DATA] != NULL &&
	    nla_parse_nested(d, IFLA_TUN_MAX, k[IFLA_INFO_DATA], NULL) == 0) {
		li->tun = true;
		li->queues = 1; /* the kernel says how many only for mq */
		if (d[IFLA_TUN_PERSIST] != NULL)
			li->persist = nla_get_u8(d[IFLA_TUN_PERSIST]) != 0;
		if (d[IFLA_TUN_NUM_QUEUES] != NULL)
			li->queues = nla_get_u32(d[IFLA_TUN_NUM_QUEUES]);
	}
	if (k[IFLA_INFO_SLAVE_DATA] != NULL &&
	    nla_parse_nested(p, IFLA_BRPORT_MAX, k[IFLA_INFO_SLAVE_DATA],
			     NULL) == 0 &&
	    p[IFLA_BRPORT_ISOLATED] != NULL)
		li->isolated = nla_get_u8(p[IFLA_BRPORT_ISOLATED]) != 0;
}

struct dump {
	link_fn fn;
	void *arg;
	int rc;
};

static void dump_one(const struct nlmsghdr *h, void *arg)
{
	struct dump *d = arg;
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi = nlmsg_data(h);
	struct link_info li = { 0 };

	if (d->rc != 0 || h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(*ifi), tb, IFLA_MAX,
			NULL) < 0 ||
	    tb[IFLA_IFNAME] == NULL ||
	    attr_ifname(tb[IFLA_IFNAME], li.name) < 0)
		return;
	li.ifindex = ifi->ifi_index;
	li.up = (ifi->ifi_flags & IFF_UP) != 0;
	if (tb[IFLA_MASTER] != NULL)
		li.master = (int)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_IFALIAS] != NULL && nla_len(tb[IFLA_IFALIAS]) > 0 &&
	    ((const char *)nla_data(
		    tb[IFLA_IFALIAS]))[nla_len(tb[IFLA_IFALIAS]) - 1] == '\0')
		li.tagged = parse_alias(nla_data(tb[IFLA_IFALIAS]), &li);
	parse_linkinfo(tb[IFLA_LINKINFO], &li);
	d->rc = d->fn(&li, d->arg);
}

static int put_kind(struct nl_msg *msg, const char *kind)
{
	struct nlattr *info = nla_nest_start(msg, IFLA_LINKINFO);

	if (info == NULL || nla_put_string(msg, IFLA_INFO_KIND, kind) < 0)
		return -1;
	nla_nest_end(msg, info);
	return 0;
}

int link_dump(struct netlink *nl, int master, link_fn fn, void *arg, char *err,
	      size_t errlen)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_DUMP);
	struct dump d = { fn, arg, 0 };
	int rc, built;

	/*
	 * IFLA_MASTER: the kernel sends the ports of that bridge only; and,
	 * with it, IFLA_LINKINFO's kind: only its TAPs (a bridge's other
	 * ports are often most of it, and each costs a kilobyte or more).
	 */
	built = msg != NULL &&
		nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
		nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) == 0 &&
		(master == 0 ||
		 (nla_put_u32(msg, IFLA_MASTER, (uint32_t)master) == 0 &&
		  put_kind(msg, "tun") == 0));
	rc = exchange(nl, msg, built, dump_one, &d);
	if (rc >= 0)
		return d.rc;
	snprintf(err, errlen, "listing interfaces: %s", nl_reason(rc));
	return BRH_EXIT_SYSTEM;
}

int link_set_up(struct netlink *nl, const struct tap *t, bool up, char *err,
		size_t errlen)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC,
				 .ifi_flags = up ? IFF_UP : 0,
				 .ifi_change = IFF_UP };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_ACK);
	int rc, built;

	built = msg != NULL &&
		nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
		nla_put_string(msg, IFLA_IFNAME, t->name) == 0;
	rc = request_with(nl, msg, built);
	if (rc >= 0)
		return 0;
	snprintf(err, errlen, "bringing %s %s: %s", t->name, up ? "up" : "down",
		 nl_reason(rc));
	return BRH_EXIT_SYSTEM;
}

/* What the kernel says of a TAP: who owns it, and its queues. */
struct queue_count {
	bool known;
	bool owned, grouped, persist;
	uint32_t owner, queues, disabled;
};

/* The TAP's own RTM_NEWLINK: its queues, attached and detached. */
static void count_queues(const struct nlmsghdr *h, void *arg)
{
	struct queue_count *q = arg;
	struct nlattr *tb[IFLA_MAX + 1], *k[IFLA_INFO_MAX + 1];
	struct nlattr *d[IFLA_TUN_MAX + 1];

	if (h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(struct ifinfomsg), tb,
			IFLA_MAX, NULL) < 0 ||
	    tb[IFLA_LINKINFO] == NULL ||
	    nla_parse_nested(k, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) < 0 ||
	    k[IFLA_INFO_DATA] == NULL ||
	    nla_parse_nested(d, IFLA_TUN_MAX, k[IFLA_INFO_DATA], NULL) < 0 ||
	    d[IFLA_TUN_NUM_QUEUES] == NULL ||
	    d[IFLA_TUN_NUM_DISABLED_QUEUES] == NULL)
		return;
	q->queues = nla_get_u32(d[IFLA_TUN_NUM_QUEUES]);
	q->disabled = nla_get_u32(d[IFLA_TUN_NUM_DISABLED_QUEUES]);
	/* No attribute: no owner, no group (tun's fill_info). */
	q->owned = d[IFLA_TUN_OWNER] != NULL;
	if (q->owned)
		q->owner = nla_get_u32(d[IFLA_TUN_OWNER]);
	q->grouped = d[IFLA_TUN_GROUP] != NULL;
	q->persist = d[IFLA_TUN_PERSIST] != NULL &&
		     nla_get_u8(d[IFLA_TUN_PERSIST]) != 0;
	q->known = true;
}

/*
 * Between TUNSETIFF and TUNSETOWNER a multi-queue TAP has no owner, and
 * any user in the namespace may attach a queue to it (tun(4): an unowned
 * device is open to all), and keep it, attached or detached, to read and
 * write the VM's traffic; and any attached queue may set the device's
 * owner, group and persistence (the kernel asks no permission for those),
 * so a visitor could make itself the owner, leave, and come back.  So,
 * with our owner set and our queues joined: the owner must still be the
 * caller, with no group, not persistent, and the queues exactly ours, none
 * detached.  Then no file of anyone else's is attached and no one else may
 * attach, so this is final; else the run fails and the TAP is closed.
 * (What a visitor could set on the device meanwhile, tap_reset() sets
 * back.)
 */
int tap_check_as_made(struct netlink *nl, const struct tap *t, uid_t owner,
		      char *err, size_t errlen)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, 0);
	struct queue_count q = { 0 };
	int rc, built;

	built = msg != NULL &&
		nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
		nla_put_string(msg, IFLA_IFNAME, t->name) == 0 &&
		nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) == 0;
	rc = exchange(nl, msg, built, count_queues, &q);
	if (rc < 0 || !q.known) {
		snprintf(err, errlen, "%s: counting its queues: %s", t->name,
			 rc < 0 ? nl_reason(rc)
				: "the kernel does not say (Linux 4.20+)");
		return BRH_EXIT_SYSTEM;
	}
	if (q.queues == t->queues && q.disabled == 0 && q.owned &&
	    q.owner == (uint32_t)owner && !q.grouped && !q.persist)
		return 0;
	if (q.queues != t->queues || q.disabled != 0)
		snprintf(err, errlen,
			 "%s: %u queues attached and %u detached, not the %u "
			 "made: another process attached to it before it had "
			 "an owner; refused",
			 t->name, (unsigned)q.queues, (unsigned)q.disabled,
			 t->queues);
	else
		snprintf(err, errlen,
			 "%s: %s, not the caller's TAP as made: another "
			 "process attached to it before it had an owner; "
			 "refused",
			 t->name,
			 !q.owned || q.owner != (uint32_t)owner
				 ? "owned by another uid"
			 : q.grouped ? "given a group"
				     : "made persistent");
	return BRH_EXIT_SYSTEM;
}

/* The TAP's ifindex, which AF_BRIDGE requests need (no name there). */
static int tap_index(struct netlink *nl, const struct tap *t)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, t->name, IFNAMSIZ);
	if (ioctl(nl->fd, SIOCGIFINDEX, &ifr) < 0)
		return -1;
	return ifr.ifr_ifindex;
}

/* One acked AF_BRIDGE request on the port: type RTM_SETLINK/DELLINK. */
static int port_request(struct netlink *nl, int type, int ifindex,
			int nest_type, int attr, const void *data, int len)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE,
				 .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_ACK);
	struct nlattr *nest = NULL;
	int built;

	built = msg != NULL &&
		nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
		(nest = nla_nest_start(msg, nest_type)) != NULL &&
		nla_put(msg, attr, len, data) == 0;
	if (built)
		nla_nest_end(msg, nest);
	return request_with(nl, msg, built);
}

/*
 * vlan= and isolated, on the port before it is up, so that no frame ever
 * crosses the bridge with other settings.  vlan=N: VLAN N becomes the PVID
 * and egresses untagged, then VLAN 1 (the bridge's default) is removed, so
 * the port carries N and nothing else.
 */
int port_settings(struct netlink *nl, const struct bridge *br,
		  const struct tap *t, const struct acl_options *opt, char *err,
		  size_t errlen)
{
	struct bridge_vlan_info vlan = {
		BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED, 0
	};
	struct bridge_vlan_info one = { 0, 1 };
	uint8_t on = 1;
	int index = tap_index(nl, t), rc = 0;
	const char *what = "finding it";

	if (index < 0) {
		snprintf(err, errlen, "%s: finding its index: %s", t->name,
			 strerror(errno));
		return BRH_EXIT_SYSTEM;
	}
	if (opt->isolated) {
		what = "isolating the port";
		rc = port_request(nl, RTM_SETLINK, index,
				  IFLA_PROTINFO | NLA_F_NESTED,
				  IFLA_BRPORT_ISOLATED, &on, 1);
	}
	if (rc >= 0 && opt->vlan) {
		what = "setting its VLAN";
		vlan.vid = (uint16_t)opt->vlan;
		rc = port_request(nl, RTM_SETLINK, index, IFLA_AF_SPEC,
				  IFLA_BRIDGE_VLAN_INFO, &vlan, sizeof(vlan));
		if (rc >= 0 && opt->vlan != 1)
			rc = port_request(nl, RTM_DELLINK, index, IFLA_AF_SPEC,
					  IFLA_BRIDGE_VLAN_INFO, &one,
					  sizeof(one));
	}
	if (rc >= 0)
		return 0;
	snprintf(err, errlen, "%s on bridge %s: %s: %s", t->name, br->names[0],
		 what, nl_reason(rc));
	return BRH_EXIT_SYSTEM;
}

struct vlan_dump {
	vlan_fn fn;
	void *arg;
};

/* One port of an AF_BRIDGE dump: its PVID, if it has one. */
static void vlan_one(const struct nlmsghdr *h, void *arg)
{
	struct vlan_dump *d = arg;
	const struct ifinfomsg *ifi = nlmsg_data(h);
	struct nlattr *tb[IFLA_MAX + 1], *a;
	const struct bridge_vlan_info *v;
	int rem;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(*ifi), tb, IFLA_MAX,
			NULL) < 0 ||
	    tb[IFLA_AF_SPEC] == NULL)
		return;
	nla_for_each_nested(a, tb[IFLA_AF_SPEC], rem)
	{
		if (nla_type(a) != IFLA_BRIDGE_VLAN_INFO ||
		    nla_len(a) < (int)sizeof(*v))
			continue;
		v = nla_data(a);
		if (v->flags & BRIDGE_VLAN_INFO_PVID)
			d->fn(ifi->ifi_index, v->vid, d->arg);
	}
}

int link_pvids(struct netlink *nl, vlan_fn fn, void *arg, char *err,
	       size_t errlen)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_DUMP);
	struct vlan_dump d = { fn, arg };
	int rc, built;

	built = msg != NULL &&
		nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
		nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN) == 0;
	rc = exchange(nl, msg, built, vlan_one, &d);
	if (rc >= 0)
		return 0;
	snprintf(err, errlen, "listing VLANs: %s", nl_reason(rc));
	return BRH_EXIT_SYSTEM;
}
