/*
 * caps.c - capability and uid changes, with libcap-ng.
 *
 * Rules this file keeps:
 *  1. A state we do not understand is refused, not repaired: euid 0 without
 *     CAP_NET_ADMIN, a set-user-ID to anyone but root, a set-group-ID.
 *  2. Becoming the caller sets all three uids and gids (real, effective,
 *     saved), so no later call can return to root; the caller's
 *     supplementary groups are kept on purpose (group-readable per-user
 *     ACL files, as with QEMU).
 *  3. When root, the bounding set is emptied and the securebits locked
 *     (no root magic, no setuid fix-up, no ambient raise) before the uid
 *     changes, while CAP_SETPCAP still exists to do it.
 *  4. Every narrowing is verified by reading the state back from the
 *     kernel (capget(2), PR_CAPBSET_READ), never from libcap-ng's copy;
 *     a failed check is an error, never a warning.
 *  5. no_new_privs is set as soon as the caller's identity is taken, so no
 *     exec from here on can gain anything.
 */
#include "policy.h"

#include <cap-ng.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOCKED_SECUREBITS                                                   \
	(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |   \
	 SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED |         \
	 SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

#define BIT(cap) ((uint64_t)1 << (cap))

/* The kernel's capability sets of this process (one syscall, no /proc). */
struct capsets {
	uint64_t eff, prm, inh;
};

static int read_caps(struct capsets *c)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	c->eff = d[0].effective | (uint64_t)d[1].effective << 32;
	c->prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	c->inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

/* True when the bounding set is empty. */
static bool bounding_empty(void)
{
	int cap, r;

	for (cap = 0; (r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0)) >= 0; cap++)
		if (r == 1)
			return false;
	return cap > 0 && errno == EINVAL;
}

int priv_classify(struct priv *p, char *err, size_t errlen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	struct capsets c;
	bool net_admin;

	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    read_caps(&c) < 0) {
		snprintf(err, errlen, "cannot read own credentials: %s",
			 strerror(errno));
		return -1;
	}
	p->uid = r;
	p->gid = rg;
	net_admin = (c.eff & BIT(CAP_NET_ADMIN)) != 0;
	if (eg != rg || sg != rg) {
		snprintf(err, errlen, "installed set-group-ID; reinstall it "
			 "mode 4755 root:root (see brhelper(8))");
		return -1;
	}
	if (e == 0 && !net_admin) {
		snprintf(err, errlen, "running as root without CAP_NET_ADMIN; "
			 "refusing an odd privilege state");
		return -1;
	}
	if (e != 0 && (e != r || s != r)) {
		snprintf(err, errlen, "set-user-ID to uid %u, not root; "
			 "reinstall it (see brhelper(8))", (unsigned)e);
		return -1;
	}
	if (e == 0)
		p->mode = PRIV_SETUID_ROOT;
	else if (net_admin)
		p->mode = PRIV_FILE_CAPS;
	else
		p->mode = PRIV_UNPRIVILEGED;
	return 0;
}

static int fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, strerror(errno ? errno : EPERM));
	return -1;
}

/* Rule 2 and 3: from euid 0 to the caller's uid and gid, for good. */
static int become_caller(const struct priv *p, char *err, size_t errlen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (p->mode != PRIV_SETUID_ROOT)
		return 0;
	errno = 0;
	capng_clear(CAPNG_SELECT_BOUNDS);
	if (capng_apply(CAPNG_SELECT_BOUNDS) < 0 || !bounding_empty())
		return fail(err, errlen, "emptying the bounding set");
	if (prctl(PR_SET_SECUREBITS, LOCKED_SECUREBITS, 0, 0, 0) < 0)
		return fail(err, errlen, "locking securebits");
	if (setresgid(p->gid, p->gid, p->gid) < 0)
		return fail(err, errlen, "setresgid to the caller's gid");
	if (setresuid(p->uid, p->uid, p->uid) < 0)
		return fail(err, errlen, "setresuid to the caller's uid");
	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    r != p->uid || e != p->uid || s != p->uid || rg != p->gid ||
	    eg != p->gid || sg != p->gid)
		return fail(err, errlen, "uids or gids did not change");
	return 0;
}

/* Keep exactly `keep` (or nothing, with keep < 0); verify; lock. */
static int set_caps(int keep, char *err, size_t errlen)
{
	uint64_t want = keep >= 0 ? BIT(keep) : 0;
	struct capsets c;

	errno = 0;
	capng_clear(CAPNG_SELECT_CAPS);
	if (keep >= 0)
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
			     (unsigned)keep);
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail(err, errlen, "changing capabilities");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		return fail(err, errlen, "clearing ambient capabilities");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(err, errlen, "setting no_new_privs");
	if (read_caps(&c) < 0)
		return fail(err, errlen, "reading capabilities back");
	errno = EPERM;
	if (c.eff != want || c.prm != want || c.inh != 0 ||
	    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_ADMIN, 0, 0))
		return fail(err, errlen, keep < 0 ? "capabilities left after "
			    "dropping" : "capabilities did not narrow");
	return 0;
}

int priv_narrow_to_net_admin(const struct priv *p, char *err, size_t errlen)
{
	if (become_caller(p, err, errlen) < 0)
		return -1;
	return set_caps(CAP_NET_ADMIN, err, errlen);
}

int priv_drop_all(const struct priv *p, char *err, size_t errlen)
{
	if (become_caller(p, err, errlen) < 0)
		return -1;
	return set_caps(-1, err, errlen);
}

int priv_drop_caps(char *err, size_t errlen)
{
	return set_caps(-1, err, errlen);
}
