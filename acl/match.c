/*
 * match.c - decide whether a bridge is allowed.
 *
 * The rule, in one sentence (qemu-bridge-helper's): a bridge is allowed when
 * some allow rule matches it and no deny rule does; nothing matching means
 * deny.  The rule reported is the first matching deny, else the first
 * matching allow.
 */
#include "acl.h"

#include <stdio.h>
#include <string.h>

static bool rule_matches(const struct acl_rule *r, const char *bridge)
{
	if (r->subject != ACL_SUBJECT_ANYONE)
		return false;
	return r->target == ACL_TARGET_ALL || strcmp(r->name, bridge) == 0;
}

struct acl_decision acl_decide(const struct acl *acl, const char *bridge)
{
	struct acl_decision d = { false, NULL };
	const struct acl_rule *allow = NULL;
	size_t i;

	for (i = 0; i < acl->nrules; i++) {
		const struct acl_rule *r = &acl->rules[i];

		if (!rule_matches(r, bridge))
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

void acl_rule_format(const struct acl_rule *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", r->action == ACL_DENY ? "deny" : "allow",
		 r->target == ACL_TARGET_ALL ? "all" : r->name);
}
