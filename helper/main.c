/*
 * main.c - brhelper, the setuid bridge helper: the privileged sequence.
 *
 * Read top to bottom; each step only narrows what the process may do.
 *
 *  1. Before anything else: fds 0-2 valid, environment empty, umask 077,
 *     not dumpable, signal mask cleared (entry.c); an odd privilege state
 *     (setgid, setuid to a non-root user, root without CAP_NET_ADMIN) is
 *     refused (policy/caps.c).
 *  2. Arguments are parsed strictly (args.c); then every inherited fd
 *     except --fd is closed, and --fd is checked to be a connected unix
 *     socket (usock.c).  --check, --help and --version drop every
 *     privilege here and never come back.
 *  3. /dev/net/tun is opened while still root (the node may be 0600).
 *  4. The process becomes the caller: real, effective and saved uid and gid,
 *     the caller's own groups, only CAP_NET_ADMIN, no_new_privs, securebits
 *     locked.  There is no way back to root from here.
 *  5. The ACL is read as the caller and decides before any interface is
 *     looked up, so a refused caller learns nothing about interfaces.
 *  6. The bridge is looked up (kind must be "bridge"), the TAP created
 *     (never persistent), then attached with one netlink request.
 *  7. CAP_NET_ADMIN goes, and the seccomp allowlist is loaded: from here
 *     the process can only send on --fd, write to stderr, close and exit.
 *  8. The TAP fd is sent in one SCM_RIGHTS message; exit 0.
 *
 * A failure at any step prints one line and exits with brhelper(8)'s
 * status.  Until step 8 the TAP exists only through its fd, so an exit or
 * a kill at any instant removes it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../acl/acl.h"
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
	"usage: brhelper [--use-vnet] --br=BRIDGE --fd=UNIXFD\n"
	"       brhelper --check --br=BRIDGE\n"
	"       brhelper --help | --version\n"
	"\n"
	"Creates a TAP device, attaches it to BRIDGE if " BRH_ACL_PATH "\n"
	"allows it, and sends its fd over the unix socket UNIXFD.\n"
	"--check only says whether the ACL allows BRIDGE, and which rule\n"
	"decides.  See brhelper(8) and brhelper.conf(5).\n";

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

/* Step 5: the ACL, read as the caller.  Returns an exit status. */
static int decide(const char *bridge)
{
	struct acl acl;
	struct acl_error aerr;
	struct acl_decision d;
	char rule[64];

	if (acl_load(&acl, BRH_ACL_PATH, &acl_file_loader, &aerr) < 0)
		return report(BRH_EXIT_CONFIG, "%s", aerr.msg);
	d = acl_decide(&acl, bridge);
	if (d.allowed) {
		acl_free(&acl);
		return BRH_EXIT_OK;
	}
	if (d.rule != NULL) {
		acl_rule_format(d.rule, rule, sizeof(rule));
		report(BRH_EXIT_DENIED, "bridge %s: denied by %s:%u (%s)",
		       bridge, d.rule->file, d.rule->line, rule);
	} else {
		report(BRH_EXIT_DENIED, "bridge %s: denied: no rule in %s "
		       "allows it (see brhelper.conf(5))", bridge,
		       BRH_ACL_PATH);
	}
	acl_free(&acl);
	return BRH_EXIT_DENIED;
}

/* Step 6: bridge, then TAP, then attach.  Returns an exit status. */
static int build_tap(const struct args *a, struct tap *t)
{
	struct bridge br = { a->bridge, 0, 0 };
	struct netlink nl = { 0 };
	char err[512];
	int rc;

	rc = netlink_open(&nl, err, sizeof(err));
	if (rc == 0)
		rc = bridge_lookup(&nl, &br, err, sizeof(err));
	if (rc == 0 && tap_create(t, a->use_vnet, err, sizeof(err)) < 0)
		rc = BRH_EXIT_SYSTEM;
	if (rc == 0)
		rc = bridge_attach(&nl, &br, t, err, sizeof(err));
	netlink_close(&nl);
	return rc == 0 ? 0 : report(rc, "%s", err);
}

static int run_helper(const struct args *a, const struct priv *p)
{
	struct tap t;
	char err[512];
	int rc;

	if (usock_check(a->fd, err, sizeof(err)) < 0)
		return report(BRH_EXIT_USAGE, "%s", err);
	if (tap_open(&t, err, sizeof(err)) < 0)				/* 3 */
		return report(BRH_EXIT_SYSTEM, "%s", err);
	if (priv_narrow_to_net_admin(p, err, sizeof(err)) < 0)		/* 4 */
		return report(BRH_EXIT_SYSTEM, "dropping privileges: %s", err);
	rc = decide(a->bridge);						/* 5 */
	if (rc == 0)
		rc = build_tap(a, &t);					/* 6 */
	if (rc != 0)
		return rc;
	if (priv_drop_caps(err, sizeof(err)) < 0 ||			/* 7 */
	    policy_seccomp_load(a->fd, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "sandbox: %s", err);
	/* Only sendmsg, write(2), close and exit_group from here. */
	if (usock_send_fd(a->fd, t.fd, err, sizeof(err)) < 0)		/* 8 */
		exit_now(report(BRH_EXIT_SYSTEM, "%s", err));
	exit_now(BRH_EXIT_OK);
}

static int run_unprivileged(const struct args *a, const struct priv *p)
{
	char err[512];

	if (priv_drop_all(p, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "dropping privileges: %s", err);
	if (a->mode == MODE_CHECK)
		return check_run(BRH_ACL_PATH, a->bridge, p);
	fputs(a->mode == MODE_HELP ? usage : "brhelper " BRH_VERSION "\n",
	      stdout);
	return fflush(stdout) == 0 ? BRH_EXIT_OK : BRH_EXIT_SYSTEM;
}

int main(int argc, char *argv[])
{
	struct args a;
	struct priv p;
	char err[512];

	if (entry_stdio() < 0)						/* 1 */
		_exit(report(BRH_EXIT_SYSTEM, "making fds 0-2 valid failed"));
	entry_sanitize();
	/* Linux 5.18+ turns an empty argv into { "" }: refuse both. */
	if (argc < 1 || argv[0] == NULL || argv[0][0] == '\0')
		return report(BRH_EXIT_USAGE, "started without argv[0]");
	if (priv_classify(&p, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "%s", err);
	if (args_parse(argc, argv, &a, err, sizeof(err)) < 0)		/* 2 */
		return report(BRH_EXIT_USAGE, "%s (see brhelper --help)", err);
	if (entry_close_fds(a.mode == MODE_RUN ? a.fd : -1) < 0)
		return report(BRH_EXIT_SYSTEM, "closing inherited fds: %s "
			      "(close_range needs Linux 5.9)", strerror(errno));
	if (a.mode != MODE_RUN)
		return run_unprivileged(&a, &p);
	if (p.mode == PRIV_UNPRIVILEGED)
		return report(BRH_EXIT_SYSTEM, "no privilege to create a TAP: "
			      "install it setuid root or with cap_net_admin+ep "
			      "(see brhelper(8))");
	return run_helper(&a, &p);
}
