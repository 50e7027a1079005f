/*
 * check.c - brhelper --check --br=BRIDGE: which rule decides, for whom.
 *
 * Runs with every privilege already dropped (main.c), so it reads exactly
 * what the caller could read, skips exactly the includes the real helper
 * would skip, and creates nothing.  Its output is for people and for the
 * golden-file tests: one line per skipped include, then the decision.
 */
#include "helper.h"

#include <stdio.h>

#include "../acl/acl.h"
#include "../lib/wire.h"

int check_run(const char *acl_path, const char *bridge,
	      const struct priv *p)
{
	struct acl acl;
	struct acl_error aerr;
	struct acl_decision d;
	char rule[64];
	size_t i;

	if (acl_load(&acl, acl_path, &acl_file_loader, &aerr) < 0)
		return report(BRH_EXIT_CONFIG, "%s", aerr.msg);
	for (i = 0; i < acl.nskips; i++)
		printf("%s:%u: skipped include %s: uid %u may not read it\n",
		       acl.skips[i].file, acl.skips[i].line, acl.skips[i].path,
		       (unsigned)p->uid);
	d = acl_decide(&acl, bridge);
	if (d.rule != NULL) {
		acl_rule_format(d.rule, rule, sizeof(rule));
		printf("%s: %s by %s:%u: %s\n", bridge,
		       d.allowed ? "allowed" : "denied", d.rule->file,
		       d.rule->line, rule);
	} else {
		printf("%s: denied: no rule matches (default deny)\n", bridge);
	}
	acl_free(&acl);
	if (fflush(stdout) != 0)
		return report(BRH_EXIT_SYSTEM, "writing to stdout failed");
	return d.allowed ? BRH_EXIT_OK : BRH_EXIT_DENIED;
}
