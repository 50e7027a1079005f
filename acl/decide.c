/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * decide.c - the decision, and a verdict in words: the one place for each.
 * A rule matches when it names any of an interface's names, so a deny for
 * one name holds for all.  The ACL decides twice (helper/main.c, brhelperctl
 * check): on the name given, before any lookup, so a refused caller learns
 * nothing of the host's interfaces; then on the real name and altnames.
 */
#include "acl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

	for (i = 0; i < n && r->target == ACL_TARGET_NAME; i++)
		if (strcmp(r->name, names[i]) == 0)
			return true;
	return r->target == ACL_TARGET_ALL;
}

struct acl_verdict acl_decide(const struct acl *acl,
			      const struct acl_caller *who,
			      const char *const *names, size_t n)
{
	struct acl_verdict v = { .outcome = ACL_DENIED };
	size_t i;

	for (i = 0; i < acl->nrules; i++) {
		const struct acl_rule *r = &acl->rules[i];

		if (!names_one_of(r, names, n) || !applies_to(acl, r, who))
			continue;
		if (r->action == ACL_DENY)
			return (struct acl_verdict) { .outcome = ACL_DENIED,
						      .rule = r };
		if (v.rule == NULL)
			v = (struct acl_verdict) { .allowed = true,
						   .outcome = ACL_ALLOWED,
						   .rule = r,
						   .opt = r->opt };
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

const char *verdict_result(const struct acl_verdict *v)
{
	static const char *const names[] = {
		[ACL_ALLOWED] = "allowed", [ACL_DENIED] = "denied",
		[ACL_QUEUES] = "queues",   [ACL_QUOTA] = "quota",
		[ACL_MAC] = "mac",
	};

	return names[v->outcome];
}

/* The verdict in words; when the rule named another of the bridge's names
 * than the one asked for, which is whose altname. */
void verdict_text(const struct acl_verdict *v, const char *asked,
		  const char *real, unsigned uid, const char *acl_path,
		  char *buf, size_t len)
{
	const struct acl_rule *r = v->rule;
	char rule[ACL_RULE_SHOWN], a[BRH_QUOTED_IFNAME], b[BRH_QUOTED_IFNAME];
	const char *other = NULL;

	if (r == NULL) {
		snprintf(buf, len,
			 "denied: no rule in %s allows it (default deny; see "
			 "brhelper.conf(5))",
			 acl_path);
		return;
	}
	acl_rule_format(r, rule, sizeof(rule));
	if (real != NULL && r->target == ACL_TARGET_NAME &&
	    strcmp(r->name, asked) != 0)
		other = strcmp(asked, real) == 0 ? r->name : asked;
	if (v->outcome == ACL_QUEUES)
		snprintf(buf, len,
			 "--queues=%u is more than the %u that %s:%u (%s) "
			 "allows (queues=)",
			 v->asked, v->opt.queues, r->file, r->line, rule);
	else if (v->outcome == ACL_QUOTA)
		snprintf(buf, len,
			 "refused by the quota: uid %u has %u TAPs there or on "
			 "their way, and %s:%u (%s) allows %u (max=); close "
			 "one first",
			 uid, v->held, r->file, r->line, rule, v->opt.max);
	else if (v->outcome == ACL_MAC)
		snprintf(buf, len,
			 "refused: %s:%u (%s) gives locked, a port that "
			 "forwards frames from the guest's MAC only: %s",
			 r->file, r->line, rule, v->why);
	else if (other == NULL)
		snprintf(buf, len, "%s by %s:%u: %s",
			 v->allowed ? "allowed" : "denied", r->file, r->line,
			 rule);
	else
		snprintf(buf, len, "%s by %s:%u: %s: %s is an altname of %s",
			 v->allowed ? "allowed" : "denied", r->file, r->line,
			 rule, brh_quote(other, strlen(other), a, sizeof(a)),
			 brh_quote(real, strlen(real), b, sizeof(b)));
}

/* getgroups() fills gids itself: gid_t is uint32_t (else the build fails). */
int acl_caller_get(struct acl_caller *c)
{
	int n = getgroups(0, NULL);
	uint32_t *gids = n < 0 ? NULL : calloc((size_t)n + 1, sizeof(*gids));

	*c = (struct acl_caller) { (uint32_t)getuid(), gids, 0 };
	if (gids == NULL)
		return -1;
	n = getgroups(n, gids + 1);
	if (n < 0) {
		acl_caller_free(c);
		return -1;
	}
	gids[0] = (uint32_t)getgid();
	c->ngids = (size_t)n + 1;
	return 0;
}

void acl_caller_free(struct acl_caller *c)
{
	free((void *)c->gids);
	c->gids = NULL;
}
