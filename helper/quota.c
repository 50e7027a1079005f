/*
 * quota.c - max=N, counted from the kernel, with no state file.
 *
 * The TAP is created, tagged (alias "brhelper uid=UID pid=PID") and
 * attached, but not yet up; then the bridge's ports are listed (one dump,
 * filtered by master in the kernel) and the caller's tagged TAPs counted,
 * persistent ones included.  Ours may stay when fewer than N of the
 * caller's others are ahead of it: every one already up (admitted earlier,
 * whatever its ifindex) and every one not yet up with a lower ifindex
 * (decided before us).  Only then is it brought up.
 *
 * Why "up" counts ahead of any ifindex: the ifindex is given when the TAP
 * is created, before it is attached.  A caller that stops one helper
 * (SIGSTOP) between the two could otherwise attach it late with the
 * lowest ifindex, after N others were admitted, and hold N + 1.  A TAP
 * still down is one whose helper has not yet decided; the caller cannot
 * raise it (that needs CAP_NET_ADMIN).  So of concurrent starts exactly N
 * stay, the others are refused and their TAPs, closed, are gone.
 */
#include "helper.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../lib/wire.h"

/* A bridge has at most BR_MAX_PORTS (1024) ports. */
#define MAX_PORTS 1024

struct count {
	uint32_t uid;
	const char *mine;		/* our TAP's name */
	int my_index;			/* its ifindex, once seen */
	unsigned n;			/* the caller's other TAPs here */
	int index[MAX_PORTS];
	bool up[MAX_PORTS];
};

static int count_one(const struct link_info *li, void *arg)
{
	struct count *c = arg;

	if (!li->tagged || li->uid != c->uid)
		return 0;
	if (strcmp(li->name, c->mine) == 0) {
		c->my_index = li->ifindex;
	} else if (c->n < MAX_PORTS) {
		c->index[c->n] = li->ifindex;
		c->up[c->n++] = li->up;
	}
	return 0;
}

int quota_check(struct netlink *nl, const struct bridge *br,
		const struct tap *t, uint32_t uid, unsigned max,
		unsigned *ahead, char *err, size_t errlen)
{
	struct count c;
	unsigned i;
	int rc;

	memset(&c, 0, sizeof(c));
	c.uid = uid;
	c.mine = t->name;
	rc = link_dump(nl, br->ifindex, count_one, &c, err, errlen);
	if (rc != 0)
		return rc;
	if (c.my_index == 0) {
		snprintf(err, errlen, "%s is not on the bridge after "
			 "attaching it", t->name);
		return BRH_EXIT_SYSTEM;
	}
	*ahead = 0;
	for (i = 0; i < c.n; i++)
		if (c.up[i] || c.index[i] < c.my_index)
			(*ahead)++;
	return *ahead < max ? 0 : BRH_EXIT_DENIED;
}
