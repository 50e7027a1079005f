/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * caps.c - uids and capabilities, with libcap-ng.  Rules it keeps:
 *  1. An odd state is refused, not repaired: set-group-ID, set-user-ID to
 *     anyone but root, not in the initial user namespace, root without
 *     CAP_NET_ADMIN; not root, file capabilities other than make
 *     install-caps' three, or any in effect at exec.
 *  2. Both installs reach one state before anything else: the caller's uid
 *     and gid in all three slots, its supplementary groups kept
 *     (group-readable per-user ACL files, as with QEMU), CAP_NET_ADMIN and
 *     CAP_DAC_OVERRIDE permitted, none in effect, inheritable or ambient,
 *     the bounding set empty, no_new_privs.  From root the securebits are
 *     locked first (no root magic if the uid is 0); the file-capability
 *     install (cap_net_admin,cap_dac_override,cap_setpcap+p) uses
 *     CAP_SETPCAP for the bounding set, then lets it go.
 *  3. The bounding set is emptied one checked PR_CAPBSET_DROP at a time:
 *     Debian's libcap-ng 0.8.3 answers a failed drop with a syslog(3) line
 *     (a blocking send, as root) and goes on.  Every other change goes
 *     through libcap-ng.  The three other sets are read with capget(2):
 *     at entry, and checked once reached.
 */
#include "policy.h"

#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <linux/securebits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Not KEEP_CAPS_LOCKED: capng_change_id sets keep-caps for the change. */
#define LOCKED_SECUREBITS                                                      \
	(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |       \
	 SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |         \
	 SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

/* The kernel's inode number of the initial user namespace (proc_ns.h). */
#define INIT_USER_NS "user:[4026531837]"

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
	return refuse(err, errlen, "%s: %s", what,
		      strerror(errno ? errno : EPERM));
}

/*
 * In the initial user namespace?  The text of /proc/thread-self/ns/user
 * says.  A caller's own mount namespace could cover /proc or that link, so
 * it is reached from a procfs fd with RESOLVE_NO_XDEV: procfs's own.
 */
static int initial_userns(char *err, size_t errlen)
{
	struct open_how how = { .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
				.resolve = RESOLVE_NO_XDEV };
	char text[64] = "";
	struct statfs sf;
	int proc, link = -1;
	ssize_t n = -1;

	errno = 0;
	proc = open("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (proc >= 0 && fstatfs(proc, &sf) == 0 &&
	    sf.f_type == PROC_SUPER_MAGIC)
		link = (int)syscall(SYS_openat2, proc, "thread-self/ns/user",
				    &how, sizeof(how));
	if (link >= 0)
		n = readlinkat(link, "", text, sizeof(text) - 1);
	if (proc >= 0)
		close(proc);
	if (link >= 0)
		close(link);
	if (n < 0)
		return fail(err, errlen,
			    "cannot tell whether it is in the initial user "
			    "namespace (is /proc mounted?)");
	text[n] = '\0';
	if (strcmp(text, INIT_USER_NS) == 0)
		return 0;
	return refuse(err, errlen,
		      "not in the initial user namespace (in %s): refused; "
		      "run it from the host's own user namespace",
		      text);
}

#define BIT(cap) ((uint64_t)1 << (cap))
#define NET_DAC (BIT(CAP_NET_ADMIN) | BIT(CAP_DAC_OVERRIDE))

struct capsets {
	uint64_t eff, prm, inh;
};

static int read_caps(struct capsets *c, char *err, size_t errlen)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	errno = 0;
	if (syscall(SYS_capget, &h, d) < 0)
		return fail(err, errlen, "reading capabilities");
	c->eff = d[0].effective | (uint64_t)d[1].effective << 32;
	c->prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	c->inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

/* Rule 2's state, as capget(2) says (no inheritable: so no ambient). */
static int caps_are(char *err, size_t errlen)
{
	struct capsets c;

	if (read_caps(&c, err, errlen) < 0)
		return -1;
	if (c.prm != NET_DAC || c.eff != 0 || c.inh != 0)
		return refuse(err, errlen, "capabilities are not as set");
	return 0;
}

/*
 * With CAP_SETPCAP in effect: every capability out of the bounding set, one
 * checked drop each.  Linux 5.9, which close_range needs, knows every one
 * these headers name (to CAP_LAST_CAP): each of those must go; past them,
 * on until the kernel knows no more (EINVAL).
 */
static int empty_bounding_set(char *err, size_t errlen)
{
	int cap = 0;

	errno = 0;
	while (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0)
		cap++;
	if (errno == EINVAL && cap > CAP_LAST_CAP)
		return 0;
	return fail(err, errlen, "emptying the bounding set");
}

/*
 * Rule 2 from either install, or the service.  From root (setuid, or the
 * service): securebits locked, the bounding set emptied, then the caller's
 * ids with the two capabilities kept (capng_change_id).  From file
 * capabilities: CAP_SETPCAP raised for the bounding set, then left out of
 * the two kept.
 */
static int become_caller(const struct priv *p, char *err, size_t errlen)
{
	errno = 0;
	if (p->via != VIA_CAPS &&
	    prctl(PR_SET_SECUREBITS, LOCKED_SECUREBITS, 0, 0, 0) < 0)
		return fail(err, errlen, "locking securebits");
	if (p->via == VIA_CAPS &&
	    (capng_get_caps_process() < 0 ||
	     capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_SETPCAP) < 0 ||
	     capng_apply(CAPNG_SELECT_CAPS) < 0))
		return fail(err, errlen, "raising CAP_SETPCAP");
	if (empty_bounding_set(err, errlen) < 0)
		return -1;
	errno = 0;
	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_updatev(CAPNG_ADD, CAPNG_PERMITTED, CAP_NET_ADMIN,
			  CAP_DAC_OVERRIDE, -1) < 0 ||
	    (p->via != VIA_CAPS
		     ? capng_change_id((int)p->uid, (int)p->gid, CAPNG_NO_FLAG)
		     : capng_apply(CAPNG_SELECT_CAPS)) < 0)
		return fail(err, errlen, "becoming the caller");
	return 0;
}

/* How the process was given its privilege (rule 1). */
static int classify(struct priv *p, uid_t euid, char *err, size_t errlen)
{
	struct capsets c;

	if (read_caps(&c, err, errlen) < 0)
		return -1;
	if (euid == 0 && !(c.eff & BIT(CAP_NET_ADMIN)))
		return refuse(err, errlen,
			      "running as root without CAP_NET_ADMIN; refusing "
			      "an odd privilege state");
	p->via = euid == 0 ? VIA_SETUID : c.prm == 0 ? VIA_NONE : VIA_CAPS;
	if (p->via == VIA_CAPS && c.prm != (NET_DAC | BIT(CAP_SETPCAP)))
		return refuse(err, errlen,
			      "file capabilities other than "
			      "cap_net_admin,cap_dac_override,cap_setpcap+p; "
			      "reinstall it with 'make install-caps' (see "
			      "brhelper(8))");
	if (p->via == VIA_CAPS && c.eff != 0)
		return refuse(err, errlen,
			      "capabilities in effect at start: install it "
			      "with +p, not +ep ('make install-caps'; see "
			      "brhelper(8))");
	return 0;
}

/* Rule 2's state reached from p->via's, then no_new_privs. */
static int reach_state(const struct priv *p, char *err, size_t errlen)
{
	if (become_caller(p, err, errlen) < 0 || caps_are(err, errlen) < 0)
		return -1;
	errno = 0;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return fail(err, errlen, "setting no_new_privs");
	return 0;
}

int priv_enter(struct priv *p, char *err, size_t errlen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return fail(err, errlen, "reading its own credentials");
	p->uid = r;
	p->gid = rg;
	if (eg != rg || sg != rg)
		return refuse(err, errlen,
			      "installed set-group-ID; reinstall it mode 4755 "
			      "root:root (see brhelper(8))");
	if (e != 0 && (e != r || s != r))
		return refuse(err, errlen,
			      "set-user-ID to uid %u, not root; reinstall it "
			      "(see brhelper(8))",
			      (unsigned)e);
	if (initial_userns(err, errlen) < 0 || classify(p, e, err, errlen) < 0)
		return -1;
	return p->via == VIA_NONE ? 0 : reach_state(p, err, errlen);
}

int priv_enter_service(struct priv *p, const gid_t *groups, size_t n, char *err,
		       size_t errlen)
{
	struct capsets c;
	uid_t r, e, s;

	if (getresuid(&r, &e, &s) < 0)
		return fail(err, errlen, "reading its own credentials");
	if (r != 0 || e != 0 || s != 0)
		return refuse(err, errlen,
			      "the service runs as root, started by "
			      "brhelper@.service (see brhelper(8), SERVICE)");
	if (initial_userns(err, errlen) < 0 || read_caps(&c, err, errlen) < 0)
		return -1;
	if (!(c.eff & BIT(CAP_NET_ADMIN)))
		return refuse(err, errlen,
			      "running as root without CAP_NET_ADMIN; refusing "
			      "an odd privilege state");
	p->via = VIA_SERVICE;
	errno = 0;
	if (setgroups(n, groups) < 0)
		return fail(err, errlen, "taking the client's groups");
	return reach_state(p, err, errlen);
}

static int change(capng_act_t act, capng_type_t sets, int cap, char *err,
		  size_t errlen)
{
	errno = 0;
	if (capng_update(act, sets, (unsigned)cap) < 0 ||
	    capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail(err, errlen, "changing capabilities");
	return 0;
}

int priv_raise(int cap, char *err, size_t errlen)
{
	return change(CAPNG_ADD, CAPNG_EFFECTIVE, cap, err, errlen);
}

int priv_lower(int cap, char *err, size_t errlen)
{
	return change(CAPNG_DROP, CAPNG_EFFECTIVE, cap, err, errlen);
}

int priv_forget(int cap, char *err, size_t errlen)
{
	return change(CAPNG_DROP, CAPNG_EFFECTIVE | CAPNG_PERMITTED, cap, err,
		      errlen);
}

/* capset(2) sets all three at once or fails; the bounding set is empty
 * since entry (empty_bounding_set), ambient too (no inheritable). */
int priv_drop_all(char *err, size_t errlen)
{
	errno = 0;
	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return fail(err, errlen, "dropping capabilities");
	return 0;
}
