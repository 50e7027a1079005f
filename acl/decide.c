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

const char *verdict_result(const struct acl_verdict *v)
{
	static const char *const names[] = {
		[ACL_ALLOWED] = "allowed",
		[ACL_DENIED] = "denied",
		[ACL_QUEUES] = "queues",
		[ACL_QUOTA] = "quota",
	};

	return names[v->outcome];
}

/* ": mgmt is an altname of brmgmt" when the rule named another name. */
static void name_note(const struct acl_verdict *v, const char *asked,
		      const char *real, char *buf, size_t len)
{
	char a[BRH_QUOTED_IFNAME], r[BRH_QUOTED_IFNAME];
	const char *other;

	buf[0] = '\0';
	if (real == NULL || v->rule == NULL ||
	    v->rule->target != ACL_TARGET_NAME ||
	    strcmp(v->rule->name, asked) == 0)
		return;
	other = strcmp(asked, real) == 0 ? v->rule->name : asked;
	brh_quote(other, strlen(other), a, sizeof(a));
	brh_quote(real, strlen(real), r, sizeof(r));
	snprintf(buf, len, ": %s is an altname of %s", a, r);
}

void verdict_text(const struct acl_verdict *v, const char *asked,
		  const char *real, unsigned uid, const char *acl_path,
		  char *buf, size_t len)
{
	char rule[ACL_RULE_SHOWN], note[2 * BRH_QUOTED_IFNAME + 32];

	if (v->rule == NULL) {
		snprintf(buf, len,
			 "denied: no rule in %s allows it (default deny; see "
			 "brhelper.conf(5))",
			 acl_path);
		return;
	}
	acl_rule_format(v->rule, rule, sizeof(rule));
	name_note(v, asked, real, note, sizeof(note));
	if (v->outcome == ACL_QUEUES)
		snprintf(buf, len,
			 "--queues=%u is more than the %u that %s:%u (%s) "
			 "allows (queues=)",
			 v->asked, v->opt.queues, v->rule->file, v->rule->line,
			 rule);
	else if (v->outcome == ACL_QUOTA)
		snprintf(buf, len,
			 "refused by the quota: uid %u has %u TAPs there or on "
			 "their way, and %s:%u (%s) allows %u (max=); close "
			 "one first",
			 uid, v->held, v->rule->file, v->rule->line, rule,
			 v->opt.max);
	else
		snprintf(buf, len, "%s by %s:%u: %s%s",
			 v->allowed ? "allowed" : "denied", v->rule->file,
			 v->rule->line, rule, note);
}

/* getgroups() fills gids itself: gid_t is uint32_t (else the build fails). */
int acl_caller_get(struct acl_caller *c)
{
	int n = getgroups(0, NULL);
	uint32_t *gids = n >= 0 ? calloc((size_t)n + 1, sizeof(*gids)) : NULL;

	c->uid = (uint32_t)getuid();
	c->gids = gids;
	c->ngids = 0;
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
