/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * run.c - steps 3 to 8 of main.c's order, and finish(), the one path out:
 * shared by the helper's entry (main.c: the request from argv) and the
 * service's (service.c: the request from its client).
 */
#include <errno.h>
#include <stdarg.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../common/ifname.h"
#include "helper.h"

#ifndef BRH_ACL_PATH
#error "BRH_ACL_PATH must be set at build time (see Makefile)"
#endif

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

/* The one path out of a run (steps 7 and 8, or a failure), for both
 * entries: the helper's (main.c) and the service's (service.c). */
__attribute__((noreturn)) void finish(struct run *r, int status)
{
	static const char *const via[] = { "none", "setuid", "caps",
					   "service" };
	struct audit_rec rec = {
		r->p.uid,      r->a.bridge, status,	 &r->v,
		via[r->p.via], r->t.name,   r->t.queues, r->mac
	};
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
		if (r->answer != NULL) /* and to the client, at once */
			r->answer(r, status);
		else if (caller) /* no capability, no root: then it may wait */
			stderr_drained();
		exit_now(status);
	}
	if (entry_close_rest(r->t.fds, r->t.queues, r->err, sizeof(r->err)) ||
	    sandbox_seal(r->err, sizeof(r->err)) < 0) {
		tap_close(&r->t);
		report(BRH_EXIT_SYSTEM, "%s", r->err);
		if (r->answer != NULL)
			r->answer(r, BRH_EXIT_SYSTEM);
		exit_now(BRH_EXIT_SYSTEM);
	}
	/* Under the filter: sendmsg on POLICY_SOCK_FD, write on 2, exit. */
	if (r->answer != NULL) /* which says why on stderr if it fails */
		exit_now(r->answer(r, 0));
	status = send_fds(r->a.fd, r->t.fds, r->t.queues, r->err,
			  sizeof(r->err));
	exit_now(status == 0 ? 0 : report(status, "%s", r->err));
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

/*
 * --mac and a locked rule: one needs the other (else a usage error, or the
 * verdict refuses).  A locked rule's MAC is unicast and not the bridge's
 * own; one that another port has, or another TAP claims: make_port.
 */
static int mac_check(struct run *r)
{
	const unsigned char *m = r->a.mac;
	char rule[ACL_RULE_SHOWN];

	if (r->a.has_mac)
		snprintf(r->mac, sizeof(r->mac),
			 "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
			 m[3], m[4], m[5]);
	acl_rule_format(r->v.rule, rule, sizeof(rule));
	if (r->a.has_mac && !r->v.opt.locked)
		return failure(BRH_EXIT_USAGE, r->err, sizeof(r->err),
			       "--mac=%s: %s:%u (%s) allows this without "
			       "locked, so no port is locked to it; leave "
			       "--mac out (see brhelper.conf(5))",
			       r->mac, r->v.rule->file, r->v.rule->line, rule);
	if (!r->v.opt.locked)
		return 0;
	if (!r->a.has_mac)
		snprintf(r->why, sizeof(r->why),
			 "no --mac given; give it in QEMU's helper string "
			 "(helper=\"PATH --mac=MAC\"), through brhelper-run "
			 "--mac=MAC or libbrhelper, and give the guest the "
			 "same MAC (-device virtio-net-pci,mac=MAC)");
	else if (m[0] & 1)
		snprintf(r->why, sizeof(r->why),
			 "--mac=%s is a multicast address; give the guest a "
			 "unicast one",
			 r->mac);
	else if (memcmp(m, r->br.li.addr, ETHER_ADDR_LEN) == 0)
		snprintf(r->why, sizeof(r->why),
			 "--mac=%s is the bridge's own address; give the "
			 "guest one of its own",
			 r->mac);
	else
		return 0;
	r->v.allowed = false;
	r->v.outcome = ACL_MAC;
	r->v.why = r->why;
	return 0;
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
	if (r->v.allowed)
		rc = mac_check(r);
	if (rc == 0 && r->v.allowed && r->v.opt.max)
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
	bool later = o->max || o->vlan || o->isolated || o->locked;
	bool many = r->a.queues > 1, taken;
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
		rc = bridge_attach(&r->nl, &r->br, &r->t, r->p.uid, r->pid,
				   o->locked ? r->mac : NULL, !later, err, len);
	if (rc == 0 && (o->vlan || o->isolated || o->locked))
		rc = port_settings(&r->nl, &r->br, &r->t, r->v.rule, r->a.mac,
				   err, len);
	taken = rc == BRH_EXIT_DENIED; /* locked: mac is another port's */
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
	r->v.outcome = taken ? ACL_MAC : ACL_QUOTA;
	r->v.held = held;
	r->v.why = r->why;
	if (taken)
		snprintf(r->why, sizeof(r->why),
			 "--mac=%s is in use: another port of the bridge has "
			 "it (in the bridge's forwarding table, or another "
			 "locked TAP claims it), or it is the bridge's own; "
			 "give the guest a MAC of its own",
			 r->mac);
	return refused(r);
}

/* From the audit socket (step 3) to step 8: the request in r->a, its
 * socket at POLICY_SOCK_FD. */
__attribute__((noreturn)) void run_request(struct run *r)
{
	int rc = audit_open(&r->audit, r->err, sizeof(r->err));

	if (rc == 0) /* 4 */
		rc = tap_open(&r->t, r->a.queues, r->err, sizeof(r->err));
	if (rc == 0) /* 5 */
		rc = read_acl(r);
	if (rc == 0) /* 6 */
		rc = find_bridge(r);
	if (rc == 0)
		rc = make_port(r);
	finish(r, rc); /* 7, 8 */
}
