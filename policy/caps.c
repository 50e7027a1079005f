/*
 * caps.c - capability and uid changes, with libcap-ng.
 *
 * Rules this file keeps:
 *  1. A state we do not understand is refused, not repaired: euid 0 without
 *     CAP_NET_ADMIN, a set-user-ID to anyone but root, a set-group-ID; and,
 *     not as root, a capability in effect at entry, one permitted other
 *     than CAP_NET_ADMIN and CAP_DAC_OVERRIDE, or CAP_DAC_OVERRIDE
 *     permitted without CAP_NET_ADMIN.
 *  2. The file-capability install is cap_net_admin,cap_dac_override+p:
 *     permitted, never effective at exec, so nothing (no library
 *     constructor, no line before step 3) runs with either in effect.  Each
 *     is raised alone, for the one step that needs it: CAP_DAC_OVERRIDE to
 *     open /dev/net/tun (step 3; the node may be mode 0600), CAP_NET_ADMIN
 *     to make and attach the TAP (step 6).  Such a process is therefore
 *     classified by its permitted set.  (With +ep the kernel would also
 *     refuse the exec outright to a caller whose bounding set lacks one of
 *     them; +p starts with what is left, and says so if that is too little.)
 *  3. Becoming the caller sets all three uids and gids (real, effective,
 *     saved), so no later call can return to root; the caller's
 *     supplementary groups are kept on purpose (group-readable per-user
 *     ACL files, as with QEMU).
 *  4. When root, the securebits are locked (no root magic, no setuid
 *     fix-up, no ambient raise) before the uid changes, while CAP_SETPCAP
 *     still exists to do it.  The bounding set is left as it is, in both
 *     installs: it only limits what an execve(2) can gain, and with
 *     no_new_privs (rule 7, read back) no execve can gain anything; the
 *     helper never calls execve, and after step 7 the seccomp filter kills
 *     it.  Emptying it cost 41 prctl calls, and libcap-ng's three reads of
 *     /proc/self/status, on every run (make bench).
 *  5. From step 4 on, CAP_NET_ADMIN is the only capability permitted, and
 *     it is in effect only in step 6: the ACL is read with none in effect
 *     (with CAP_NET_ADMIN in effect the kernel opens 0600 files under
 *     /proc/sys/net, such as tcp_fastopen_key, to their owner's reader).
 *  6. Every change is verified by reading the state back from the kernel
 *     (capget(2), PR_GET_NO_NEW_PRIVS), never from
 *     libcap-ng's copy; a failed check is an error, never a warning.
 *  7. no_new_privs is set as soon as the caller's identity is taken, so no
 *     exec from here on can gain anything.
 */
#include "policy.h"

#include <cap-ng.h>
#include <errno.h>
#include <stdarg.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOCKED_SECUREBITS                                                      \
	(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |       \
	 SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED |             \
	 SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

#define BIT(cap) ((uint64_t)1 << (cap))
#define NET_ADMIN BIT(CAP_NET_ADMIN)
#define DAC_OVERRIDE BIT(CAP_DAC_OVERRIDE)

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

__attribute__((format(printf, 3, 4))) static int
refuse(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, strerror(errno ? errno : EPERM));
	return -1;
}

/* Not root: file capabilities (rule 2), or nothing at all. */
static int classify_file_caps(struct priv *p, const struct capsets *c,
			      char *err, size_t errlen)
{
	p->mode = PRIV_UNPRIVILEGED;
	if (c->prm == 0)
		return 0;
	if (c->eff != 0)
		return refuse(err, errlen,
			      "capabilities in effect at start "
			      "(%016llx): install it with 'make install-caps' "
			      "(cap_net_admin,cap_dac_override+p, not +ep; see "
			      "brhelper(8))",
			      (unsigned long long)c->eff);
	if (c->prm & ~(NET_ADMIN | DAC_OVERRIDE))
		return refuse(err, errlen,
			      "capabilities permitted other than "
			      "cap_net_admin and cap_dac_override (%016llx); "
			      "refusing an odd privilege state",
			      (unsigned long long)c->prm);
	if (!(c->prm & NET_ADMIN))
		return refuse(err, errlen,
			      "CAP_DAC_OVERRIDE permitted without "
			      "CAP_NET_ADMIN; refusing an odd privilege state");
	p->mode = PRIV_FILE_CAPS;
	return 0;
}

int priv_classify(struct priv *p, char *err, size_t errlen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	struct capsets c;

	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    read_caps(&c) < 0)
		return refuse(err, errlen, "cannot read own credentials: %s",
			      strerror(errno));
	p->uid = r;
	p->gid = rg;
	if (eg != rg || sg != rg)
		return refuse(err, errlen,
			      "installed set-group-ID; reinstall "
			      "it mode 4755 root:root (see brhelper(8))");
	if (e == 0 && !(c.eff & NET_ADMIN))
		return refuse(err, errlen,
			      "running as root without "
			      "CAP_NET_ADMIN; refusing an odd privilege state");
	if (e != 0 && (e != r || s != r))
		return refuse(err, errlen,
			      "set-user-ID to uid %u, not root; "
			      "reinstall it (see brhelper(8))",
			      (unsigned)e);
	if (e != 0)
		return classify_file_caps(p, &c, err, errlen);
	p->mode = PRIV_SETUID_ROOT;
	return 0;
}

/* Rules 3 and 4: from euid 0 to the caller's uid and gid, for good. */
static int become_caller(const struct priv *p, char *err, size_t errlen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (p->mode != PRIV_SETUID_ROOT)
		return 0;
	errno = 0;
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

/*
 * Rule 6: the sets become exactly prm (permitted) and eff (effective, a
 * subset), nothing inheritable or ambient, as the kernel reads them back.
 * The ambient set needs no call of its own: capset(2) keeps of it only
 * what is both permitted and inheritable, and nothing is inheritable
 * (sandbox_capamb_zero reads it at the hand-off).
 */
static int set_caps(uint64_t prm, uint64_t eff, char *err, size_t errlen)
{
	struct capsets c;
	unsigned cap;

	errno = 0;
	capng_clear(CAPNG_SELECT_CAPS);
	for (cap = 0; cap < 64; cap++) {
		if ((prm & BIT(cap)) &&
		    capng_update(CAPNG_ADD, CAPNG_PERMITTED, cap) < 0)
			return fail(err, errlen, "changing capabilities");
		if ((eff & BIT(cap)) &&
		    capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, cap) < 0)
			return fail(err, errlen, "changing capabilities");
	}
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail(err, errlen, "changing capabilities");
	if (read_caps(&c) < 0)
		return fail(err, errlen, "reading capabilities back");
	/* The ambient set is within the inheritable one: empty with it. */
	if (c.eff != eff || c.prm != prm || c.inh != 0)
		return refuse(err, errlen,
			      "capabilities are not as set: "
			      "effective %016llx (want %016llx), permitted "
			      "%016llx (want %016llx), inheritable %016llx",
			      (unsigned long long)c.eff,
			      (unsigned long long)eff,
			      (unsigned long long)c.prm,
			      (unsigned long long)prm,
			      (unsigned long long)c.inh);
	return 0;
}

/* Rule 7. */
static int set_no_new_privs(char *err, size_t errlen)
{
	errno = 0;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return fail(err, errlen, "setting no_new_privs");
	return 0;
}

int priv_raise_dac_override(const struct priv *p, char *err, size_t errlen)
{
	struct capsets c;

	/* Setuid root: euid 0 owns the node; its whole set is in effect. */
	if (p->mode != PRIV_FILE_CAPS)
		return 0;
	if (read_caps(&c) < 0)
		return fail(err, errlen, "reading capabilities");
	/* Not permitted (the caller's bounding set): a 0666 node still opens. */
	return set_caps(c.prm, c.prm & DAC_OVERRIDE, err, errlen);
}

int priv_narrow_to_net_admin(const struct priv *p, char *err, size_t errlen)
{
	if (become_caller(p, err, errlen) < 0 ||
	    set_caps(NET_ADMIN, 0, err, errlen) < 0)
		return -1;
	return set_no_new_privs(err, errlen);
}

int priv_raise_net_admin(char *err, size_t errlen)
{
	return set_caps(NET_ADMIN, NET_ADMIN, err, errlen);
}

int priv_drop_all(const struct priv *p, char *err, size_t errlen)
{
	if (become_caller(p, err, errlen) < 0 ||
	    set_caps(0, 0, err, errlen) < 0)
		return -1;
	return set_no_new_privs(err, errlen);
}

int priv_drop_caps(char *err, size_t errlen)
{
	return set_caps(0, 0, err, errlen);
}
