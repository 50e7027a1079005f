/*
 * match.c - decide whether a bridge is allowed.
 *
 * The rule, in one sentence (qemu-bridge-helper's): a bridge is allowed when
 * some allow rule matches it and no deny rule does; nothing matching means
 * deny.  A rule matches when it applies to the caller (no subject word:
 * everyone; else any of its users or groups) and names the bridge.  The
 * rule reported is the first matching deny, else the first matching allow,
 * which also gives the options.  An interface has several names (its name
 * and its altnames, all resolved by the kernel): a rule matches when it
 * names any of them, so a deny written for one name holds for all.
 */
#include "acl.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../common/ifname.h"

static bool has_id(const uint32_t *ids, size_t n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Subject words are alternatives: any uid, or any gid the caller has. */
static bool applies_to(const struct acl *acl, const struct acl_rule *r,
		       const struct acl_caller *who)
{
	const uint32_t *uids = acl->ids + r->ids_at, *gids = uids + r->nuids;
	size_t i;

	if (r->anyone || has_id(uids, r->nuids, who->uid))
		return true;
	for (i = 0; i < who->ngids; i++)
		if (has_id(gids, r->ngids, who->gids[i]))
			return true;
	return false;
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
