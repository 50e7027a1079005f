/*
 * list.c - brhelper --list [--br=BRIDGE]: the TAPs brhelper made.
 *
 * Runs with every privilege already dropped (main.c): listing links needs
 * none.  A TAP is brhelper's when its alias is the one the helper sets in
 * the request that attaches it ("brhelper uid=UID pid=PID"), which only
 * CAP_NET_ADMIN can set or change; TAPs made otherwise are not listed.
 * This is how an administrator finds the TAPs that outlived a VMM or an
 * ACL revocation (a TAP's holder can make it persistent).
 */
#include "helper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../acl/accounts.h"
#include "../lib/ifname.h"
#include "../lib/wire.h"

struct links {
	struct link_info *v;
	size_t n, cap;
};

static int keep(const struct link_info *li, void *arg)
{
	struct links *l = arg;
	struct link_info *n;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		n = reallocarray(l->v, l->cap, sizeof(*n));
		if (n == NULL)
			return BRH_EXIT_SYSTEM;
		l->v = n;
	}
	l->v[l->n++] = *li;
	return 0;
}

static struct link_info *find(const struct links *l, int ifindex)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].ifindex == ifindex)
			return &l->v[i];
	return NULL;
}

static void note_pvid(int ifindex, unsigned pvid, void *arg)
{
	struct link_info *li = find(arg, ifindex);

	if (li != NULL)
		li->pvid = pvid;
}

static void print_tap(const struct link_info *li, const struct links *all,
		      const struct acl_text *pw)
{
	char user[ACCOUNTS_MAX_NAME] = "-",
	     shown[BRH_QUOTED_SIZE(ACCOUNTS_MAX_NAME)];
	char br[BRH_QUOTED_IFNAME], tap[BRH_QUOTED_IFNAME], vlan[12] = "-";
	const struct link_info *master = find(all, li->master);
	const char *m = master != NULL ? master->name : "-";

	if (pw->data != NULL)
		accounts_user_by_uid(pw->data, pw->len, li->uid, user,
				     sizeof(user));
	brh_quote(user, strlen(user), shown, sizeof(shown));
	brh_quote(m, strlen(m), br, sizeof(br));
	brh_quote(li->name, strlen(li->name), tap, sizeof(tap));
	/* A PVID means something only on a bridge that filters VLANs. */
	if (li->pvid != 0 && master != NULL && master->vlan_filtering)
		snprintf(vlan, sizeof(vlan), "%u", li->pvid);
	printf("%-15s %-15s %10u %-16s %10d %-10s %6u %4s %s\n", tap, br,
	       (unsigned)li->uid, shown, (int)li->pid,
	       li->persist ? "yes" : "no", li->queues, vlan,
	       li->isolated ? "yes" : "no");
}

int list_run(const char *bridge)
{
	struct netlink nl = { 0 };
	struct links all = { 0 };
	struct acl_text pw = { 0 };
	struct bridge br = { .name = bridge };
	char err[512], why[512];
	size_t i;
	int rc;

	rc = netlink_open(&nl, err, sizeof(err));
	if (rc == 0 && bridge != NULL)
		rc = bridge_lookup(&nl, &br, err, sizeof(err));
	if (rc == 0)
		rc = link_dump(&nl, 0, keep, &all, err, sizeof(err));
	if (rc == 0)
		rc = link_pvids(&nl, note_pvid, &all, err, sizeof(err));
	netlink_close(&nl);
	if (rc != 0) {
		free(all.v);
		return report(rc, "%s",
			      rc == BRH_EXIT_SYSTEM && err[0]
				      ? err
				      : "--list: out of memory");
	}
	/* User names are a courtesy: an untrusted /etc/passwd gives none. */
	if (acl_file_loader.load(NULL, ACCOUNTS_PASSWD, &pw, why, sizeof(why)) <
	    0)
		pw.data = NULL;
	printf("%-15s %-15s %10s %-16s %10s %-10s %6s %4s %s\n", "TAP",
	       "BRIDGE", "UID", "USER", "PID", "PERSISTENT", "QUEUES", "VLAN",
	       "ISOLATED");
	for (i = 0; i < all.n; i++)
		if (all.v[i].tagged && all.v[i].tun &&
		    (bridge == NULL || all.v[i].master == br.ifindex))
			print_tap(&all.v[i], &all, &pw);
	free(pw.data);
	free(all.v);
	return fflush(stdout) == 0 ? BRH_EXIT_OK
				   : report(BRH_EXIT_SYSTEM, "writing to "
							     "stdout failed");
}
