/*
 * decide.c - the one decision of a run and of --check.
 *
 * The ACL decides twice.  First on the name as the caller gave it, before
 * anything is looked up, so a refused caller learns nothing about the
 * host's interfaces.  Then, once the kernel has resolved that name to an
 * interface, on the interface's real name and every altname, because the
 * kernel finds the same bridge by any of them: a deny written for one
 * name holds for all, and the options come from the first allow that names
 * any.  A run and --check call the same function, so they cannot disagree.
 */
#include "helper.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/ifname.h"
#include "../lib/wire.h"

int who_from_kernel(struct who *w, char *err, size_t errlen)
{
	gid_t few[32], *g = few;
	int n = getgroups(32, few), i;

	memset(w, 0, sizeof(*w));
	w->uid = (uint32_t)getuid();
	/* More than 32 groups: ask how many, then for them all. */
	if (n < 0 && errno == EINVAL) {
		n = getgroups(0, NULL);
		g = n >= 0 ? calloc((size_t)n + 1, sizeof(*g)) : NULL;
		if (g != NULL && getgroups(n, g) != n)
			n = -1;
	}
	w->gids = calloc((size_t)(n > 0 ? n : 0) + 1, sizeof(*w->gids));
	if (g == NULL || n < 0 || w->gids == NULL) {
		snprintf(err, errlen, "reading the caller's groups: %s",
			 strerror(errno ? errno : ENOMEM));
		if (g != few)
			free(g);
		who_free(w);
		return -1;
	}
	w->gids[w->ngids++] = (uint32_t)getgid();
	for (i = 0; i < n; i++)
		w->gids[w->ngids++] = (uint32_t)g[i];
	if (g != few)
		free(g);
	w->caller = (struct acl_caller) { w->uid, w->gids, w->ngids };
	return 0;
}

void who_free(struct who *w)
{
	free(w->gids);
	w->gids = NULL;
}

int decide(const struct acl *acl, const struct acl_caller *who,
	   struct netlink *nl, struct bridge *br, struct acl_verdict *v,
	   char *err, size_t errlen)
{
	const char *names[BRIDGE_MAX_NAMES];
	size_t i;
	int rc;

	br->nnames = 0;
	*v = acl_decide(acl, who, &br->name, 1);
	if (!v->allowed)
		return BRH_EXIT_DENIED;
	if (nl == NULL)
		return BRH_EXIT_OK;
	rc = bridge_lookup(nl, br, err, errlen);
	if (rc != 0)
		return rc;
	for (i = 0; i < br->nnames; i++)
		names[i] = br->names[i];
	*v = acl_decide(acl, who, names, br->nnames);
	return v->allowed ? BRH_EXIT_OK : BRH_EXIT_DENIED;
}

/* ": mgmt is an altname of brmgmt" when the rule used another name. */
static void name_note(const struct acl_verdict *v, const struct bridge *br,
		      char *buf, size_t len)
{
	char a[BRH_QUOTED_IFNAME], real[BRH_QUOTED_IFNAME];
	const char *other;

	buf[0] = '\0';
	if (br->nnames == 0 || v->rule == NULL ||
	    v->rule->target != ACL_TARGET_NAME ||
	    strcmp(v->rule->name, br->name) == 0)
		return;
	other = strcmp(br->name, br->names[0]) == 0 ? v->rule->name : br->name;
	brh_quote(other, strlen(other), a, sizeof(a));
	brh_quote(br->names[0], strlen(br->names[0]), real, sizeof(real));
	snprintf(buf, len, ": %s is an altname of %s", a, real);
}

void verdict_text(const struct acl_verdict *v, const struct bridge *br,
		  const char *acl_path, char *buf, size_t len)
{
	char rule[ACL_RULE_SHOWN], note[2 * BRH_QUOTED_IFNAME + 32];

	if (v->rule == NULL) {
		snprintf(buf, len,
			 "denied: no rule in %s allows it (default "
			 "deny; see brhelper.conf(5))",
			 acl_path);
		return;
	}
	acl_rule_format(v->rule, rule, sizeof(rule));
	name_note(v, br, note, sizeof(note));
	snprintf(buf, len, "%s by %s:%u: %s%s",
		 v->allowed ? "allowed" : "denied", v->rule->file,
		 v->rule->line, rule, note);
}
