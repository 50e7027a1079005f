/*
 * match.c - the decision (acl_decide in acl.h says the rule).  An interface
 * has several names (its name and its altnames, all resolved by the
 * kernel): a rule matches when it names any of them, so a deny written for
 * one name holds for all.
 */
#include "acl.h"

#include <stdio.h>
#include <string.h>

#include "../common/ifname.h"

/* Subject words are alternatives: any uid, or any gid the caller has. */
static bool applies_to(const struct acl *acl, const struct acl_rule *r,
		       const struct acl_caller *who)
{
	size_t i, j;

	for (i = 0; i < r->nids; i++) {
		const struct acl_id *s = &acl->ids[r->ids_at + i];

		if (!s->group && s->id == who->uid)
			return true;
		for (j = 0; s->group && j < who->ngids; j++)
			if (s->id == who->gids[j])
				return true;
	}
	return r->nids == 0;
}

static bool names_one_of(const struct acl_rule *r, const char *const *names,
			 size_t n)
{
	size_t i;

	if (r->target == ACL_TARGET_ALL)
		return true;
	for (i = 0; i < n; i++)
		if (strcmp(r->name, names[i]) == 0)
			return true;
	return false;
}

struct acl_verdict acl_decide(const struct acl *acl,
			      const struct acl_caller *who,
			      const char *const *names, size_t n)
{
	struct acl_verdict v = { .outcome = ACL_DENIED };
	const struct acl_rule *allow = NULL;
	size_t i;

	for (i = 0; i < acl->nrules; i++) {
		const struct acl_rule *r = &acl->rules[i];

		if (!names_one_of(r, names, n) || !applies_to(acl, r, who))
			continue;
		if (r->action == ACL_DENY) {
			v.rule = r;
			return v;
		}
		if (allow == NULL)
			allow = r;
	}
	if (allow != NULL) {
		v.allowed = true;
		v.outcome = ACL_ALLOWED;
		v.rule = allow;
		v.opt = allow->opt;
	}
	return v;
}

void acl_rule_format(const struct acl_rule *r, char *buf, size_t len)
{
	char name[BRH_QUOTED_IFNAME];

	brh_quote(r->name, strlen(r->name), name, sizeof(name));
	snprintf(buf, len, "%s %s", r->action == ACL_DENY ? "deny" : "allow",
		 r->target == ACL_TARGET_ALL ? "all" : name);
}
