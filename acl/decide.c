/*
 * decide.c - a verdict in words: the one place it is rendered.
 *
 * The ACL decides twice (helper/main.c and brhelperctl check, alike):
 * first on the name the caller gave, before anything is looked up, so a
 * refused caller learns nothing about the host's interfaces; then on the
 * interface's real name and every altname, which the kernel finds it by.
 */
#include "acl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/ifname.h"

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
