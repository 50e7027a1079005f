/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * ctl_check.c - brhelperctl check --br=BRIDGE [--user=NAME]: which rule
 * decides, for whom, and what it gives.
 *
 * It reads exactly what a run of the helper as that user would read,
 * skips exactly the includes that run would skip, and decides the same
 * way with the same code: on the name given, then, if the bridge exists,
 * on its real name and every altname (a bridge that does not exist keeps
 * the verdict on its name; a run would stop at the lookup, exit 4).
 * Its output is for people and for the golden-file tests: one line per
 * skipped include, then the decision, then the options.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../acl/acl.h"
#include "../common/ifname.h"
#include "../common/wire.h"
#include "../helper/helper.h"
#include "../trusted/accounts.h"
#include "ctl.h"

#ifndef BRH_ACL_PATH
#error "BRH_ACL_PATH must be set at build time (see Makefile)"
#endif

#define CHECK_MAX_GROUPS 1024 /* groups of a --user, from /etc/group */

int ctl_report(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("brhelperctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

static void print_options(const struct acl_verdict *v)
{
	if (!v->allowed)
		return;
	printf("options: queues=%u", v->opt.queues);
	if (v->opt.max)
		printf(" max=%u", v->opt.max);
	if (v->opt.vlan)
		printf(" vlan=%u", v->opt.vlan);
	if (v->opt.isolated)
		printf(" isolated");
	if (v->opt.locked)
		printf(" locked");
	printf("\n");
}

/* The second decision, on every name of the bridge, if it exists. */
static int decide_names(const struct acl *acl, const struct acl_caller *who,
			const char *bridge, struct bridge *br,
			struct acl_verdict *v)
{
	struct netlink nl = { 0 };
	char err[512];
	int rc = netlink_open(&nl, err, sizeof(err));

	if (rc == 0)
		rc = bridge_lookup(&nl, bridge, br, err, sizeof(err));
	if (rc == 0)
		*v = acl_decide(acl, who, br->names, br->nnames);
	else if (nl.kernel_errno == ENODEV)
		rc = 0;
	netlink_close(&nl);
	return rc == 0 ? 0 : ctl_report(rc, "%s", err);
}

static int check(const char *bridge)
{
	struct acl acl;
	struct acl_error aerr;
	struct acl_caller who;
	struct acl_verdict v;
	struct bridge br = { .nnames = 0 };
	char shown[BRH_QUOTED_IFNAME], why[VERDICT_SHOWN];
	size_t i;
	int rc;

	if (acl_caller_get(&who) < 0)
		return ctl_report(BRH_EXIT_SYSTEM, "reading your groups: %s",
				  strerror(errno));
	if (acl_load(&acl, BRH_ACL_PATH, &acl_file_loader, &aerr) < 0)
		return ctl_report(aerr.system ? BRH_EXIT_SYSTEM
					      : BRH_EXIT_CONFIG,
				  "%s", aerr.msg);
	for (i = 0; i < acl.nskips; i++)
		printf("%s:%u: skipped include %s: uid %u may not read it\n",
		       acl.skips[i].file, acl.skips[i].line, acl.skips[i].path,
		       (unsigned)who.uid);
	v = acl_decide(&acl, &who, &bridge, 1);
	rc = v.allowed ? decide_names(&acl, &who, bridge, &br, &v) : 0;
	if (rc == 0) {
		brh_quote(bridge, strlen(bridge), shown, sizeof(shown));
		verdict_text(&v, bridge, br.nnames ? br.li.name : NULL, who.uid,
			     BRH_ACL_PATH, why, sizeof(why));
		printf("%s: %s\n", shown, why);
		print_options(&v);
		rc = v.allowed ? BRH_EXIT_OK : BRH_EXIT_DENIED;
	}
	acl_free(&acl);
	acl_caller_free(&who);
	if (fflush(stdout) != 0)
		return ctl_report(BRH_EXIT_SYSTEM, "writing to stdout failed");
	return rc;
}
/* The text of one accounts file, read under the ACL's trust rule. */
static int read_accounts(const char *path, struct acl_text *t, char *err,
			 size_t errlen)
{
	char why[512] = "";
	int rc = acl_file_loader.load(NULL, path, t, why, sizeof(why));

	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path,
			 rc == -EPERM && why[0] ? why : strerror(-rc));
	return rc;
}

/* name's uid, primary gid and groups, from /etc/passwd and /etc/group. */
static int user_groups(const char *name, uid_t *uid, gid_t *groups, size_t *n,
		       char *err, size_t errlen)
{
	struct acl_text pw = { 0 }, gr = { 0 };
	struct accounts_user u;
	uint32_t g[CHECK_MAX_GROUPS];
	int found, i, rc = -1;

	if (read_accounts(ACCOUNTS_PASSWD, &pw, err, errlen) < 0 ||
	    read_accounts(ACCOUNTS_GROUP, &gr, err, errlen) < 0)
		goto out;
	if (accounts_user_by_name(pw.data, pw.len, name, &u) < 0) {
		snprintf(err, errlen, "--user: no user '%s' in %s", name,
			 ACCOUNTS_PASSWD);
		goto out;
	}
	found = accounts_groups_of(gr.data, gr.len, name, g,
				   CHECK_MAX_GROUPS - 1);
	if (found < 0) {
		snprintf(err, errlen, "--user: %s is in more than %d groups",
			 name, CHECK_MAX_GROUPS - 1);
		goto out;
	}
	*uid = (uid_t)u.uid;
	groups[0] = (gid_t)u.gid;
	for (i = 0; i < found; i++)
		groups[i + 1] = (gid_t)g[i];
	*n = (size_t)found + 1;
	rc = 0;
out:
	free(pw.data);
	free(gr.data);
	return rc;
}

/*
 * Root of the host, not of a user namespace the caller made (where a
 * setuid file runs as the caller's own "root"): the initial namespace maps
 * every uid to itself.
 */
static bool host_root(void)
{
	char map[64] = "";
	unsigned long in, out, count;
	ssize_t n;
	int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, map, sizeof(map) - 1);
	close(fd);
	return n > 0 && sscanf(map, "%lu %lu %lu", &in, &out, &count) == 3 &&
	       in == 0 && out == 0 && count == 4294967295UL &&
	       strchr(map, '\n') == map + n - 1;
}

/* Root's --user=NAME: NAME's uid, gid and groups, for good. */
static int become_user(const char *name)
{
	gid_t groups[CHECK_MAX_GROUPS];
	char err[512];
	uid_t uid;
	size_t n;

	if (getuid() != 0 || geteuid() != 0 || !host_root())
		return ctl_report(BRH_EXIT_USAGE,
				  "--user is for root: anyone else sees only "
				  "their own view (drop --user)");
	if (user_groups(name, &uid, groups, &n, err, sizeof(err)) < 0)
		return ctl_report(BRH_EXIT_CONFIG, "%s", err);
	if (setgroups(n, groups) < 0 ||
	    setresgid(groups[0], groups[0], groups[0]) < 0 ||
	    setresuid(uid, uid, uid) < 0)
		return ctl_report(BRH_EXIT_SYSTEM, "--user: becoming %s: %s",
				  name, strerror(errno));
	return 0;
}

int ctl_check(const char *bridge, const char *user)
{
	int rc = user != NULL ? become_user(user) : 0;

	return rc != 0 ? rc : check(bridge);
}
