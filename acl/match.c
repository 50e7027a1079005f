/*
 * match.c - decide whether a bridge is allowed.
 *
 * The rule, in one sentence (qemu-bridge-helper's): a bridge is allowed when
 * some allow rule matches it and no deny rule does; nothing matching means
 * deny.  The rule reported is the first matching deny, else the first
 * matching allow.  An interface has several names (its name and its
 * altnames, all resolved by the kernel): a rule matches when it names any
 * of them, so a deny written for one name holds for all.
 */
#include "acl.h"

#include <stdio.h>
#include <string.h>

#include "../lib/ifname.h"

/* True when r applies to the caller and names one of names[]. */
static bool rule_matches(const struct acl_rule *r, const char *const *names,
			 size_t n)
{
	size_t i;

	if (r->subject != ACL_SUBJECT_ANYONE)
		return false;
	if (r->target == ACL_TARGET_ALL)
		return true;
	for (i = 0; i < n; i++)
		if (strcmp(r->name, names[i]) == 0)
			return true;
	return false;
}

struct acl_decision acl_decide_names(const struct acl *acl,
				     const char *const *names, size_t n)
{
	struct acl_decision d = { false, NULL };
	const struct acl_rule *allow = NULL;
	size_t i;

	for (i = 0; i < acl->nrules; i++) {
		const struct acl_rule *r = &acl->rules[i];

		if (!rule_matches(r, names, n))
			continue;
		if (r->action == ACL_DENY) {
			d.rule = r;
			return d;
		}
		if (allow == NULL)
			allow = r;
	}
	d.allowed = allow != NULL;
	d.rule = allow;
	return d;
}

struct acl_decision acl_decide(const struct acl *acl, const char *bridge)
{
	return acl_decide_names(acl, &bridge, 1);
}

void acl_rule_format(const struct acl_rule *r, char *buf, size_t len)
{
	char name[BRH_QUOTED_IFNAME];

	brh_quote(r->name, strlen(r->name), name, sizeof(name));
	snprintf(buf, len, "%s %s", r->action == ACL_DENY ? "deny" : "allow",
		 r->target == ACL_TARGET_ALL ? "all" : name);
}
