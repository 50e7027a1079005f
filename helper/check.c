/*
 * check.c - brhelper --check --br=BRIDGE [--user=NAME]: which rule
 * decides, for whom, and what it gives.
 *
 * Runs with every privilege already dropped (main.c), as the caller or, for
 * root's --user, as that user with that user's groups, so it reads exactly
 * what that user's run would read, skips exactly the includes that run
 * would skip, decides with the same function (decide.c), and creates
 * nothing.  Its output is for people and for the golden-file tests: one
 * line per skipped include, then the decision, then the options.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../acl/accounts.h"
#include "../lib/ifname.h"
#include "../lib/wire.h"

#define CHECK_MAX_GROUPS 1024 /* groups of a --user, from /etc/group */

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
	printf("\n");
}

int check_run(const char *acl_path, const char *bridge, const struct priv *p)
{
	struct acl acl;
	struct acl_error aerr;
	struct acl_verdict v;
	struct bridge br = { .name = bridge };
	struct netlink nl = { 0 };
	struct who who;
	char shown[BRH_QUOTED_IFNAME], why[768], err[512];
	size_t i;
	int rc;

	if (who_from_kernel(&who, err, sizeof(err)) < 0)
		return report(BRH_EXIT_SYSTEM, "%s", err);
	if (acl_load(&acl, acl_path, &acl_file_loader, &aerr) < 0) {
		who_free(&who);
		return report(aerr.system ? BRH_EXIT_SYSTEM : BRH_EXIT_CONFIG,
			      "%s", aerr.msg);
	}
	for (i = 0; i < acl.nskips; i++)
		printf("%s:%u: skipped include %s: uid %u may not read it\n",
		       acl.skips[i].file, acl.skips[i].line, acl.skips[i].path,
		       (unsigned)p->uid);
	/*
	 * As a run decides.  A bridge that does not exist keeps the verdict
	 * on its name (a run would stop at the lookup, exit 4, and so does
	 * --check for any other failure of the lookup).
	 */
	rc = decide(&acl, &who.caller, NULL, &br, &v, err, sizeof(err));
	if (rc == BRH_EXIT_OK && netlink_open(&nl, err, sizeof(err)) == 0) {
		rc = decide(&acl, &who.caller, &nl, &br, &v, err, sizeof(err));
		if (rc > BRH_EXIT_DENIED && nl.kernel_errno == ENODEV)
			rc = decide(&acl, &who.caller, NULL, &br, &v, err,
				    sizeof(err));
	}
	netlink_close(&nl);
	if (rc > BRH_EXIT_DENIED) {
		acl_free(&acl);
		who_free(&who);
		return report(rc, "%s", err);
	}
	brh_quote(bridge, strlen(bridge), shown, sizeof(shown));
	verdict_text(&v, &br, acl_path, why, sizeof(why));
	printf("%s: %s\n", shown, why);
	print_options(&v);
	acl_free(&acl);
	who_free(&who);
	if (fflush(stdout) != 0)
		return report(BRH_EXIT_SYSTEM, "writing to stdout failed");
	return v.allowed ? BRH_EXIT_OK : BRH_EXIT_DENIED;
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
static int user_groups(const char *name, struct priv *p, gid_t *groups,
		       size_t *n, char *err, size_t errlen)
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
	p->uid = (uid_t)u.uid;
	p->gid = (gid_t)u.gid;
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

int check_become_user(const char *name, struct priv *p, char *err,
		      size_t errlen)
{
	gid_t groups[CHECK_MAX_GROUPS];
	size_t n;

	if (getuid() != 0 || p->mode != PRIV_SETUID_ROOT || !host_root()) {
		snprintf(err, errlen,
			 "--user is for root: anyone else sees "
			 "only their own view (drop --user)");
		return BRH_EXIT_USAGE;
	}
	if (user_groups(name, p, groups, &n, err, errlen) < 0)
		return BRH_EXIT_CONFIG;
	/* Still root: the groups now, the uid and gid in priv_drop_all. */
	if (setgroups(n, groups) < 0) {
		snprintf(err, errlen, "--user: setting %s's groups: %s", name,
			 strerror(errno));
		return BRH_EXIT_SYSTEM;
	}
	return 0;
}
