/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * quota.c - max=N, counted from the kernel, with no state file.  Ours is
 * tagged (alias) and attached down; the caller's other tagged TAPs on the
 * bridge (persistent ones too) are up (admitted or being verified) or down
 * (undecided).
 *  1. Count.  N or more others up: refused.  N or more with the older
 *     (lower ifindex) ones down: those go first; wait and count again.
 *  2. Else bring ours up and count again.  Fewer than N others up:
 *     admitted.  Else take ours down, wait at random, and start over.
 * It holds however the caller stops and resumes its helpers: a TAP is
 * admitted only by a count made while it is up that sees fewer than N
 * others up; of N + 1 admitted, the last to count saw the other N up.
 * (Not by ifindex alone: a helper stopped before the attach attaches late
 * with a low one.)  Helpers stopped while down delay only their caller,
 * until QUOTA_ROUNDS are spent.
 */
#include "helper.h"

#include <netlink/errno.h>
#include <time.h>
#include <sys/random.h>

#define QUOTA_ROUNDS 64 /* counts before giving up: ~0.2 s of waits at most */

struct count {
	uint32_t uid;
	int mine;	     /* our TAP's ifindex, or 0 */
	bool seen;	     /* ours, in the dump */
	unsigned up;	     /* the caller's others, up */
	unsigned older_down; /* ... down, with a lower ifindex than ours */
	unsigned newer_down; /* ... down, with a higher one */
};

static void count_one(const struct link *li, void *arg)
{
	struct count *c = arg;

	if (!li->tagged || li->uid != c->uid)
		return;
	if (li->ifindex == c->mine)
		c->seen = true;
	else if (li->up)
		c->up++;
	else if (li->ifindex < c->mine)
		c->older_down++;
	else
		c->newer_down++;
}

/* t NULL: no TAP yet, none is ours. */
static int count(struct netlink *nl, const struct bridge *br,
		 const struct tap *t, uint32_t uid, struct count *c, char *err,
		 size_t errlen)
{
	unsigned i;
	int rc = -NLE_DUMP_INTR;

	for (i = 0; i < DUMP_TRIES && rc == -NLE_DUMP_INTR; i++) {
		*c = (struct count) { .uid = uid,
				      .mine = t != NULL ? t->ifindex : 0 };
		rc = bridge_taps(nl, br->li.ifindex, count_one, c);
	}
	if (rc < 0)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "counting the TAPs of bridge %s: %s",
			       br->li.name, netlink_reason(nl, rc));
	if (t != NULL && !c->seen)
		return failure(BRH_EXIT_SYSTEM, err, errlen,
			       "%s is not on the bridge after attaching it",
			       t->name);
	return 0;
}

/* 0.1 to 1.6 ms, growing with the round, at random: ties break. */
static void back_off(unsigned round)
{
	unsigned r = 0;
	struct timespec ts = { 0, 0 };

	(void)!getrandom(&r, sizeof(r), GRND_NONBLOCK);
	ts.tv_nsec = (long)(100000 + r % (100000u << (round < 4 ? round : 4)));
	nanosleep(&ts, NULL);
}

/*
 * Before the TAP is made: a caller whose TAPs on the bridge, admitted or
 * on their way, number 2 * max already is refused at once.  The helper is
 * the caller's own process from step 2, so the caller may stop it while
 * its port is attached down; this bounds such ports by 2 * max, but for
 * starts racing this count.  Not max: concurrent starts of the rule's own
 * N must reach the attach, or fewer than N would be admitted.
 */
int quota_room(struct netlink *nl, const struct bridge *br, uint32_t uid,
	       unsigned max, unsigned *held, char *err, size_t errlen)
{
	struct count c;
	int rc = count(nl, br, NULL, uid, &c, err, errlen);

	*held = c.up + c.older_down + c.newer_down;
	if (rc == 0 && *held >= 2 * max)
		rc = BRH_EXIT_DENIED;
	return rc;
}

int quota_admit(struct netlink *nl, const struct bridge *br,
		const struct tap *t, uint32_t uid, unsigned max, unsigned *held,
		char *err, size_t errlen)
{
	struct count c;
	unsigned round;
	int rc;

	for (round = 0; round < QUOTA_ROUNDS; round++) {
		rc = count(nl, br, t, uid, &c, err, errlen);
		*held = c.up + c.older_down;
		if (rc != 0 || c.up >= max)
			return rc != 0 ? rc : BRH_EXIT_DENIED;
		if (*held < max) {
			rc = link_set_up(nl, t, true, err, errlen);
			if (rc == 0)
				rc = count(nl, br, t, uid, &c, err, errlen);
			if (rc != 0 || c.up < max)
				return rc;
			rc = link_set_up(nl, t, false, err, errlen);
			if (rc != 0)
				return rc;
		}
		back_off(round);
	}
	return BRH_EXIT_DENIED;
}
