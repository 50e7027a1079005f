/*
 * main.c - brhelper, the setuid bridge helper: the privileged sequence.
 *
 * Read top to bottom; each step only narrows what the process may do.
 *
 *  1. Before anything else, before main and, in the static build (the
 *     only one installed), before every library's constructor (entry.c;
 *     checked by tests/buildcheck.sh): fds 0-2 valid, environment empty,
 *     umask 077, not dumpable, signal mask cleared.  Then an odd privilege
 *     state (setgid, setuid to a non-root user, root without
 *     CAP_NET_ADMIN, file capabilities in effect at exec or other than
 *     CAP_NET_ADMIN and CAP_DAC_OVERRIDE) is refused (policy/caps.c).
 *  2. Arguments are parsed strictly (args.c); then every inherited fd
 *     except --fd is closed, and --fd is checked to be a connected unix
 *     socket (usock.c).  --check, --list, --help and --version drop every
 *     privilege here (root's --check --user=NAME first takes NAME's
 *     groups) and never come back.  A run makes its audit socket now,
 *     before it does anything (audit.c).
 *  3. /dev/net/tun is opened, once per queue, with the power to open it
 *     even at mode 0600: as root (setuid install), or with CAP_DAC_OVERRIDE
 *     in effect for this step only (file capabilities are permitted, never
 *     in effect at exec; policy/caps.c).
 *  4. The process becomes the caller: real, effective and saved uid and gid,
 *     the caller's own groups, only CAP_NET_ADMIN permitted and none in
 *     effect, no_new_privs, securebits locked.  There is no way back to
 *     root, nor to CAP_DAC_OVERRIDE, from here.
 *  5. The ACL (acl/: every file and directory on its paths trusted; see
 *     acl/trust.h) is read as the caller with no capability in effect,
 *     and decides on the name given before any interface is looked up,
 *     so a refused caller learns nothing about interfaces (decide.c).
 *  6. The bridge is looked up (kind must be "bridge") and decided on
 *     again by its real name and every altname; CAP_NET_ADMIN is put in
 *     effect and the TAP created (the helper never makes it persistent)
 *     and at once owned by the caller (a multi-queue TAP's queues are
 *     counted then: none of another user's), and attached by ifindex,
 *     tagged with who made it, in one netlink request; under vlan=,
 *     isolated or max= it is
 *     attached down, set, admitted under the quota (quota.c), then up.
 *  7. The run's one audit line is written; CAP_NET_ADMIN, the last
 *     capability, goes, and the seccomp allowlist is loaded: from here the
 *     process can only send on --fd, write to stderr, close and exit.
 *  8. The TAP fds are sent in one SCM_RIGHTS message; exit 0.
 *
 * A failure at any step prints one line and exits with brhelper(8)'s
 * status.  Until step 8 the TAP exists only through its fds, so an exit
 * or a kill at any instant removes it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../acl/acl.h"
#include "../acl/trust.h"
#include "../lib/ifname.h"
#include "../lib/wire.h"
#include "args.h"
#include "helper.h"

#ifndef BRH_ACL_PATH
#error "BRH_ACL_PATH must be set at build time (see Makefile)"
#endif
#ifndef BRH_VERSION
#define BRH_VERSION "unknown"
#endif

static const char usage[] =
	"usage: brhelper [--use-vnet] [--queues=N] --br=BRIDGE --fd=UNIXFD\n"
	"       brhelper --check --br=BRIDGE [--user=NAME]\n"
	"       brhelper --list [--br=BRIDGE]\n"
	"       brhelper --help | --version\n"
	"\n"
	"Creates a TAP device, attaches it to BRIDGE if " BRH_ACL_PATH "\n"
	"allows it, and sends its fd (N queue fds) over the unix socket\n"
	"UNIXFD.\n"
	"--check only says whether the ACL allows BRIDGE, which rule\n"
	"decides and what it gives (root: for user NAME).  --list shows the\n"
	"TAPs brhelper made in this network namespace.  See brhelper(8)\n"
	"and brhelper.conf(5).\n";

/*
 * After the filter only exit_group may end the process: not exit(3), whose
 * atexit handlers and stdio flushing make other calls, nor a wrapped
 * _exit() (sanitizer runtimes wrap it, then call sigaltstack).
 */
__attribute__((noreturn)) static void exit_now(int status)
{
	for (;;)
		syscall(SYS_exit_group, status);
}

/* What a run holds from step 5 on. */
struct run {
	struct who who;
	struct acl acl;
	struct acl_verdict v;
	struct bridge br;
	struct netlink nl;
	struct tap t;
	const char *refusal; /* not the ACL's: "quota" or "queues" */
	struct audit audit;
	struct trust_keep keep; /* steps 5 to 7: a directory /etc/passwd and
				   the ACL share (acl/trust.h) */
	struct acl_loader files;
};

static int refused(const struct run *r)
{
	char shown[BRH_QUOTED_IFNAME], why[768];

	brh_quote(r->br.name, strlen(r->br.name), shown, sizeof(shown));
	verdict_text(&r->v, &r->br, BRH_ACL_PATH, why, sizeof(why));
	return report(BRH_EXIT_DENIED, "bridge %s: %s", shown, why);
}

/*
 * Step 5: the ACL, read as the caller with no capability in effect,
 * decides on the name given, before anything is looked up.
 */
static int acl_step(struct run *r, const char *bridge)
{
	struct acl_error aerr;
	char err[512];

	if (who_from_kernel(&r->who, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "%s", err);
	if (acl_load(&r->acl, BRH_ACL_PATH, &r->files, &aerr) < 0)
		return report(aerr.system ? BRH_EXIT_SYSTEM : BRH_EXIT_CONFIG,
			      "%s", aerr.msg);
	r->br.name = bridge;
	if (decide(&r->acl, &r->who.caller, NULL, &r->br, &r->v, err,
		   sizeof(err)) != BRH_EXIT_OK)
		return refused(r);
	return 0;
}

/* The bridge's real name and "FILE:LINE (allow ...)", for a message. */
struct said {
	char bridge[BRH_QUOTED_IFNAME];
	char rule[ACL_RULE_SHOWN];
};

static const struct said *say(const struct run *r, struct said *s)
{
	brh_quote(r->br.names[0], strlen(r->br.names[0]), s->bridge,
		  sizeof(s->bridge));
	acl_rule_format(r->v.rule, s->rule, sizeof(s->rule));
	return s;
}

/* Over the rule's max=: refused, and the TAP, closed, is gone. */
static int over_quota(struct run *r, unsigned held)
{
	struct said s;

	tap_close(&r->t);
	r->refusal = "quota";
	say(r, &s);
	return report(BRH_EXIT_DENIED,
		      "bridge %s: refused by the quota: uid %u has %u TAPs "
		      "there or on their way, and %s:%u (%s) allows %u (max=); "
		      "close one first",
		      s.bridge, (unsigned)r->who.uid, held, r->v.rule->file,
		      r->v.rule->line, s.rule, r->v.opt.max);
}

/* --queues above what the deciding rule allows (queues=, default 8). */
static int too_many_queues(struct run *r, unsigned asked)
{
	struct said s;

	r->refusal = "queues";
	say(r, &s);
	return report(BRH_EXIT_DENIED,
		      "bridge %s: --queues=%u is more than the %u that %s:%u "
		      "(%s) allows (queues=)",
		      s.bridge, asked, r->v.opt.queues, r->v.rule->file,
		      r->v.rule->line, s.rule);
}

/* vlan= on a bridge that does not filter VLANs would carry every VLAN. */
static int no_vlan_filtering(const struct run *r)
{
	struct said s;

	say(r, &s);
	return report(BRH_EXIT_SYSTEM,
		      "bridge %s: %s:%u (%s) gives vlan=%u, but %s does not "
		      "filter VLANs; run 'ip link set %s type bridge "
		      "vlan_filtering 1' (see brhelper.conf(5))",
		      s.bridge, r->v.rule->file, r->v.rule->line, s.rule,
		      r->v.opt.vlan, s.bridge, s.bridge);
}

/*
 * Step 6: the bridge is resolved to its ifindex and decided on again by
 * every name it has; then the TAP is made, owned by the caller, tagged
 * with who made it and attached to that ifindex in one request.  When the
 * rule has max=, vlan= or isolated, the port stays down until it is set
 * and admitted under the quota (quota.c), so no frame crosses it before.
 */
static int tap_step(struct run *r, const struct args *a, const struct priv *p)
{
	const struct acl_options *o = &r->v.opt;
	bool later;
	unsigned held = 0;
	char err[512];
	int rc;

	rc = netlink_open(&r->nl, err, sizeof(err));
	if (rc == 0)
		rc = decide(&r->acl, &r->who.caller, &r->nl, &r->br, &r->v, err,
			    sizeof(err));
	if (rc == BRH_EXIT_DENIED)
		return refused(r);
	if (rc == 0 && a->queues > o->queues)
		return too_many_queues(r, a->queues);
	if (rc == 0 && o->vlan && !r->br.vlan_filtering)
		return no_vlan_filtering(r);
	later = o->max || o->vlan || o->isolated;
	/* The lookup needed nothing; making the TAP needs CAP_NET_ADMIN. */
	if (rc == 0 && priv_raise_net_admin(err, sizeof(err)) < 0)
		rc = BRH_EXIT_SYSTEM;
	if (rc == 0 &&
	    tap_create(&r->t, a->use_vnet, p->uid, err, sizeof(err)) < 0)
		rc = BRH_EXIT_SYSTEM;
	if (rc == 0 && r->t.queues > 1)
		rc = tap_check_as_made(&r->nl, &r->t, p->uid, err, sizeof(err));
	if (rc == 0 && r->t.queues > 1 &&
	    tap_reset(&r->t, a->use_vnet, err, sizeof(err)) < 0)
		rc = BRH_EXIT_SYSTEM;
	if (rc == 0)
		rc = bridge_attach(&r->nl, &r->br, &r->t, p->uid, getppid(),
				   !later, err, sizeof(err));
	if (rc == 0 && (o->vlan || o->isolated))
		rc = port_settings(&r->nl, &r->br, &r->t, o, err, sizeof(err));
	if (rc == 0 && o->max)
		rc = quota_admit(&r->nl, &r->br, &r->t, r->who.uid, o->max,
				 &held, err, sizeof(err));
	else if (rc == 0 && later)
		rc = link_set_up(&r->nl, &r->t, true, err, sizeof(err));
	if (rc == BRH_EXIT_DENIED)
		return over_quota(r, held);
	if (rc == 0)
		return 0;
	/* Attached or not, a TAP that failed is closed here: gone. */
	tap_close(&r->t);
	return report(rc, "%s", err);
}

static void run_free(struct run *r)
{
	trust_keep_close(&r->keep);
	netlink_close(&r->nl);
	acl_free(&r->acl);
	who_free(&r->who);
}

/* Step 7, first: the run's one audit line, whatever its outcome. */
static void audit_run(struct run *r, const struct args *a, const struct priv *p,
		      int status)
{
	struct audit_rec rec;

	memset(&rec, 0, sizeof(rec));
	rec.uid = p->uid;
	rec.bridge = a->bridge;
	rec.result = "error";
	rec.status = status;
	rec.queues = a->queues;
	rec.opt = r->v.opt;

	if (status == BRH_EXIT_OK) {
		rec.result = "allowed";
		rec.tap = r->t.name;
	} else if (status == BRH_EXIT_DENIED) {
		rec.result = r->refusal ? r->refusal : "denied";
	}
	if (status <= BRH_EXIT_DENIED)
		rec.rule = r->v.rule;
	audit_write(&r->audit, &rec);
}

static int run_helper(const struct args *a, const struct priv *p)
{
	struct run r = { .keep = TRUST_KEEP_NONE };
	char err[512];
	int rc = 0;

	if (usock_check(a->fd, err, sizeof(err)) < 0)
		return report(BRH_EXIT_USAGE, "%s", err);
	if (audit_open(&r.audit, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "%s", err);
	steps_mark(3);
	if (priv_raise_dac_override(p, err, sizeof(err)) < 0 || /* 3 */
	    tap_open(&r.t, a->queues, err, sizeof(err)) < 0)
		rc = report(BRH_EXIT_SYSTEM, "%s", err);
	steps_mark(4);
	/* Whatever step 3 did: nothing from here on runs with its powers. */
	if (priv_narrow_to_net_admin(p, err, sizeof(err)) < 0) /* 4 */
		return report(BRH_EXIT_SYSTEM, "dropping privileges: %s", err);
	steps_mark(5);
	/* From here to step 7 every file is read as the caller. */
	r.files = acl_file_loader_kept(&r.keep);
	audit_user(&r.audit, p->uid, &r.files);
	if (rc == 0)
		rc = acl_step(&r, a->bridge); /* 5 */
	steps_mark(6);
	if (rc == 0)
		rc = tap_step(&r, a, p); /* 6 */
	steps_mark(7);
	audit_run(&r, a, p, rc); /* 7 */
	run_free(&r);
	if (rc != 0)
		return rc;
	if (priv_drop_caps(err, sizeof(err)) < 0 ||
	    policy_seccomp_load(a->fd, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "sandbox: %s", err);
	/* Only sendmsg, write(2), close and exit_group from here. */
	steps_mark(8);
	if (usock_send_fds(a->fd, r.t.fds, r.t.queues, err, /* 8 */
			   sizeof(err)) < 0)
		exit_now(report(BRH_EXIT_SYSTEM, "%s", err));
	steps_report();
	exit_now(BRH_EXIT_OK);
}

static int run_unprivileged(const struct args *a, const struct priv *p)
{
	struct priv as = *p;
	char err[512];
	int rc;

	if (a->user != NULL) {
		rc = check_become_user(a->user, &as, err, sizeof(err));
		if (rc != 0)
			return report(rc, "%s", err);
	}
	if (priv_drop_all(&as, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "dropping privileges: %s", err);
	if (a->mode == MODE_CHECK)
		return check_run(BRH_ACL_PATH, a->bridge, &as);
	if (a->mode == MODE_LIST)
		return list_run(a->bridge);
	fputs(a->mode == MODE_HELP ? usage : "brhelper " BRH_VERSION "\n",
	      stdout);
	return fflush(stdout) == 0 ? BRH_EXIT_OK : BRH_EXIT_SYSTEM;
}

int main(int argc, char *argv[])
{
	struct args a;
	struct priv p;
	char err[512];

	steps_mark(1);
	if (entry_early_failure() != NULL) /* 1 */
		_exit(report(BRH_EXIT_SYSTEM, "%s", entry_early_failure()));
	/* Linux 5.18+ turns an empty argv into { "" }: refuse both. */
	if (argc < 1 || argv[0] == NULL || argv[0][0] == '\0')
		return report(BRH_EXIT_USAGE, "started without argv[0]");
	if (priv_classify(&p, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "%s", err);
	steps_mark(2);
	if (args_parse(argc, argv, &a, err, sizeof(err)) < 0) /* 2 */
		return report(BRH_EXIT_USAGE, "%s (see brhelper --help)", err);
	if (entry_close_fds(a.mode == MODE_RUN ? a.fd : -1) < 0)
		return report(BRH_EXIT_SYSTEM,
			      "closing inherited fds: %s "
			      "(close_range needs Linux 5.9)",
			      strerror(errno));
	if (a.mode != MODE_RUN)
		return run_unprivileged(&a, &p);
	if (p.mode == PRIV_UNPRIVILEGED)
		return report(BRH_EXIT_SYSTEM,
			      "no privilege to create a TAP: "
			      "install it setuid root (make install) or with "
			      "file capabilities (make install-caps); see "
			      "brhelper(8)");
	return stderr_drained(run_helper(&a, &p));
}
