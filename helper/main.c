/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * main.c - brhelper, the privileged bridge helper: the sequence.  Read top
 * to bottom; each step only narrows what the process may do.
 *
 *  1. Before main (entry.c, the static link's first constructor): fds 0-2
 *     valid, environment empty, umask 077, not dumpable, signal mask
 *     cleared.  In main, refused: no argv[0], not in the initial user
 *     namespace, set-group-ID, set-user-ID to anyone but root, odd file
 *     capabilities.
 *  2. At once both installs reach one state (policy/caps.c): the caller's
 *     uids, gids and groups, CAP_NET_ADMIN and CAP_DAC_OVERRIDE permitted,
 *     none in effect, the bounding set empty, no_new_privs.  No socket is
 *     made and no file opened before this.
 *  3. The arguments are parsed strictly; every inherited fd but --fd is
 *     closed, --fd is checked, and the audit socket is made.
 *  4. /dev/net/tun is opened, once per queue, with CAP_DAC_OVERRIDE in
 *     effect in tap_open() only; then CAP_DAC_OVERRIDE is gone for good.
 *  5. The ACL is read as the caller, with no capability in effect, and
 *     decides on the name given, before any interface is looked up.
 *  6. The bridge is looked up and decided on again by every name it has.
 *     With CAP_NET_ADMIN in effect in make_port() only, the TAP is made
 *     and owned by the caller, read back if multi-queue, attached by
 *     ifindex with its alias, set (isolated, vlan=) and admitted under
 *     max= while down, and brought up.
 *  7. Every capability is dropped; the audit line is written; the seccomp
 *     allowlist is loaded.
 *  8. The TAP fds are sent in one message; exit 0.
 *
 * finish() is the one path out: on failure the TAP is closed (gone: never
 * persistent), every capability dropped, the audit line written, one line
 * printed.  Nothing the caller controls is waited on while a capability is
 * permitted; the process never exits through library destructors.
 */
#include <errno.h>
#include <stdarg.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../common/ifname.h"
#include "../policy/policy.h"
#include "helper.h"

#ifndef BRH_ACL_PATH
#error "BRH_ACL_PATH must be set at build time (see Makefile)"
#endif
#ifndef BRH_VERSION
#define BRH_VERSION "unknown"
#endif

static const char usage[] =
	"usage: brhelper [--use-vnet] [--queues=N] --br=BRIDGE --fd=UNIXFD\n"
	"       brhelper --help | --version\n"
	"\n"
	"Creates a TAP device, attaches it to BRIDGE if " BRH_ACL_PATH "\n"
	"allows it, and sends its fd (N queue fds) over the unix socket\n"
	"UNIXFD.  brhelperctl check says what the ACL allows, brhelperctl\n"
	"list shows the TAPs brhelper made.  See brhelper(8).\n";

struct run {
	struct priv p;
	struct args a;
	struct audit audit;
	struct tap t;
	struct acl acl;
	struct acl_caller who;
	struct acl_verdict v;
	struct netlink nl;
	struct bridge br;
	char err[1024]; /* the failure's one line */
};

int report(int status, const char *fmt, ...)
{
	char line[1100];
	va_list ap;
	int n;

	/* Into one buffer, one write: after the filter only write(2) on 2. */
	n = snprintf(line, sizeof(line), "brhelper: ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(2, line, (size_t)n);
	return status;
}

/* exit_group: after the filter, exit(3)'s handlers would make calls it
 * kills; before it, library destructors have no business running. */
__attribute__((noreturn)) static void exit_now(int status)
{
	for (;;)
		syscall(SYS_exit_group, status);
}

/* libvirt builds its error at our exit: a line still in the stderr pipe
 * would never reach virsh.  So, with no capability left, wait <= 1 s. */
static void stderr_drained(void)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct stat st;
	int left, i;

	if (fstat(2, &st) < 0 || !S_ISFIFO(st.st_mode))
		return;
	for (i = 0; i < 100; i++) {
		if (ioctl(2, FIONREAD, &left) < 0 || left == 0)
			return;
		nanosleep(&tick, NULL);
	}
}

/* The one path out of a run (steps 7 and 8, or a failure). */
__attribute__((noreturn)) static void finish(struct run *r, int status)
{
	static const char *const via[] = { "none", "setuid", "caps" };
	struct audit_rec rec = { r->p.uid,	r->a.bridge, status,	 &r->v,
				 via[r->p.via], r->t.name,   r->t.queues };
	char why[256];
	/*
	 * Whatever the state: a run refused before step 2 is over may still
	 * be root, or hold the file's capabilities, whatever via says.
	 */
	bool caller = priv_drop_all(why, sizeof(why)) == 0 &&
		      geteuid() == getuid();

	if (status != 0)
		tap_close(&r->t);
	netlink_close(&r->nl);
	if (!caller && status == 0) {
		snprintf(r->err, sizeof(r->err), "%s", why);
		status = BRH_EXIT_SYSTEM;
	}
	if (r->audit.sock >= 0) {
		rec.status = status;
		audit_write(&r->audit, &rec);
	}
	if (status != 0) {
		report(status, "%s", r->err);
		if (caller) /* no capability, no root: then it may wait */
			stderr_drained();
		exit_now(status);
	}
	if (sandbox_seal(r->err, sizeof(r->err)) < 0) {
		tap_close(&r->t);
		exit_now(report(BRH_EXIT_SYSTEM, "%s", r->err));
	}
	/* Under the filter: sendmsg on --fd, write on 2, exit_group. */
	status = send_fds(r->a.fd, r->t.fds, r->t.queues, r->err,
			  sizeof(r->err));
	exit_now(status == 0 ? 0 : report(status, "%s", r->err));
}

/* --help, --version: with no capability left, print and exit. */
__attribute__((noreturn)) static void tell(struct run *r)
{
	if (priv_drop_all(r->err, sizeof(r->err)) < 0)
		finish(r, BRH_EXIT_SYSTEM);
	fputs(r->a.mode == MODE_HELP ? usage : "brhelper " BRH_VERSION "\n",
	      stdout);
	exit_now(fflush(stdout) == 0 ? BRH_EXIT_OK : BRH_EXIT_SYSTEM);
}

/* The verdict (acl/decide.c's words) as this run's failure. */
static int refused(struct run *r)
{
	char shown[BRH_QUOTED_IFNAME], why[VERDICT_SHOWN];

	brh_quote(r->a.bridge, strlen(r->a.bridge), shown, sizeof(shown));
	verdict_text(&r->v, r->a.bridge, r->br.nnames ? r->br.li.name : NULL,
		     r->p.uid, BRH_ACL_PATH, why, sizeof(why));
	snprintf(r->err, sizeof(r->err), "bridge %s: %s", shown, why);
	return BRH_EXIT_DENIED;
}

/* Step 5: the ACL, read as the caller, on the name as given. */
static int read_acl(struct run *r)
{
	struct acl_error aerr;

	if (acl_caller_get(&r->who) < 0) {
		snprintf(r->err, sizeof(r->err),
			 "reading the caller's groups: %s", strerror(errno));
		return BRH_EXIT_SYSTEM;
	}
	if (acl_load(&r->acl, BRH_ACL_PATH, &acl_file_loader, &aerr) < 0) {
		snprintf(r->err, sizeof(r->err), "%s", aerr.msg);
		return aerr.system ? BRH_EXIT_SYSTEM : BRH_EXIT_CONFIG;
	}
	r->v = acl_decide(&r->acl, &r->who, &r->a.bridge, 1);
	return r->v.allowed ? 0 : refused(r);
}

/* Step 6, first: the bridge by every name it has, and its rule's limits. */
static int find_bridge(struct run *r)
{
	char shown[BRH_QUOTED_IFNAME], rule[ACL_RULE_SHOWN];
	int rc = netlink_open(&r->nl, r->err, sizeof(r->err));

	if (rc == 0)
		rc = bridge_lookup(&r->nl, r->a.bridge, &r->br, r->err,
				   sizeof(r->err));
	if (rc != 0)
		return rc;
	r->v = acl_decide(&r->acl, &r->who, r->br.names, r->br.nnames);
	if (r->v.allowed && r->a.queues > r->v.opt.queues) {
		r->v.allowed = false;
		r->v.outcome = ACL_QUEUES;
		r->v.asked = r->a.queues;
	}
	if (r->v.allowed && r->v.opt.max)
		rc = quota_room(&r->nl, &r->br, r->p.uid, r->v.opt.max,
				&r->v.held, r->err, sizeof(r->err));
	if (rc == BRH_EXIT_DENIED) {
		r->v.allowed = false;
		r->v.outcome = ACL_QUOTA;
	}
	if (!r->v.allowed)
		return refused(r);
	if (rc != 0 || r->v.opt.vlan == 0 || r->br.li.vlan_filtering)
		return rc;
	/* vlan= on a bridge that does not filter would carry every VLAN. */
	brh_quote(r->br.li.name, strlen(r->br.li.name), shown, sizeof(shown));
	acl_rule_format(r->v.rule, rule, sizeof(rule));
	snprintf(r->err, sizeof(r->err),
		 "bridge %s: %s:%u (%s) gives vlan=%u, but %s does not filter "
		 "VLANs; run 'ip link set %s type bridge vlan_filtering 1' "
		 "(see brhelper.conf(5))",
		 shown, r->v.rule->file, r->v.rule->line, rule, r->v.opt.vlan,
		 shown, shown);
	return BRH_EXIT_SYSTEM;
}

/* Step 6: CAP_NET_ADMIN is in effect in this function only. */
static int make_port(struct run *r)
{
	const struct acl_options *o = &r->v.opt;
	bool later = o->max || o->vlan || o->isolated, many = r->a.queues > 1;
	char *err = r->err, lowering[256];
	size_t len = sizeof(r->err);
	unsigned held = 0;
	int rc;

	if (priv_raise(CAP_NET_ADMIN, err, len) < 0)
		return BRH_EXIT_SYSTEM;
	rc = tap_create(&r->t, r->a.use_vnet, r->p.uid, err, len);
	if (rc == 0 && many)
		rc = tap_check_as_made(&r->nl, &r->t, r->p.uid, err, len);
	if (rc == 0 && many)
		rc = tap_reset(&r->t, r->a.use_vnet, err, len);
	if (rc == 0)
		rc = bridge_attach(&r->nl, &r->br, &r->t, r->p.uid, getppid(),
				   !later, err, len);
	if (rc == 0 && (o->vlan || o->isolated))
		rc = port_settings(&r->nl, &r->br, &r->t, o, err, len);
	if (rc == 0 && o->max)
		rc = quota_admit(&r->nl, &r->br, &r->t, r->p.uid, o->max, &held,
				 err, len);
	else if (rc == 0 && later)
		rc = link_set_up(&r->nl, &r->t, true, err, len);
	if (priv_lower(CAP_NET_ADMIN, lowering, sizeof(lowering)) < 0 &&
	    rc == 0) {
		snprintf(err, len, "%s", lowering);
		return BRH_EXIT_SYSTEM;
	}
	if (rc != BRH_EXIT_DENIED)
		return rc;
	r->v.allowed = false;
	r->v.outcome = ACL_QUOTA;
	r->v.held = held;
	return refused(r);
}

int main(int argc, char *argv[])
{
	struct run r = { .audit = { -1 } };
	char why[900];
	int rc;

	/* 1, 2.  Linux 5.18+ turns an empty argv into { "" }: refuse both. */
	if (entry_check(r.err, sizeof(r.err)) != 0)
		finish(&r, BRH_EXIT_SYSTEM);
	if (argc < 1 || argv[0] == NULL || argv[0][0] == '\0') {
		snprintf(r.err, sizeof(r.err), "started without argv[0]");
		finish(&r, BRH_EXIT_USAGE);
	}
	if (priv_enter(&r.p, r.err, sizeof(r.err)) < 0)
		finish(&r, BRH_EXIT_SYSTEM);
	/* 3. */
	if (args_parse(argc, argv, &r.a, why, sizeof(why)) < 0) {
		snprintf(r.err, sizeof(r.err), "%s (see brhelper --help)", why);
		finish(&r, BRH_EXIT_USAGE);
	}
	if (r.a.mode != MODE_RUN)
		tell(&r);
	if (r.p.via == VIA_NONE) {
		snprintf(r.err, sizeof(r.err),
			 "no privilege to create a TAP: install it setuid root "
			 "(make install) or with file capabilities (make "
			 "install-caps); see brhelper(8)");
		finish(&r, BRH_EXIT_SYSTEM);
	}
	rc = entry_close_fds(r.a.fd, r.err, sizeof(r.err));
	if (rc == 0) /* checked, and moved to POLICY_SOCK_FD */
		rc = send_check(r.a.fd, r.err, sizeof(r.err));
	if (rc == 0)
		rc = audit_open(&r.audit, r.err, sizeof(r.err));
	if (rc == 0) /* 4 */
		rc = tap_open(&r.t, r.a.queues, r.err, sizeof(r.err));
	if (rc == 0) /* 5 */
		rc = read_acl(&r);
	if (rc == 0) /* 6 */
		rc = find_bridge(&r);
	if (rc == 0)
		rc = make_port(&r);
	finish(&r, rc); /* 7, 8 */
}
