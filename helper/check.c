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
#include <string.h>

#include "../acl/acl.h"
#include "../lib/ifname.h"
#include "../lib/wire.h"

/*
 * As a run decides: on the name given, then, when the interface exists, on
 * all its names.  A bridge that cannot be looked up keeps the first
 * verdict (a run would then stop with exit 4 at the lookup).
 */
static struct acl_decision check_decide(const struct acl *acl,
					const char *bridge, struct bridge *br)
{
	struct acl_decision d = acl_decide(acl, bridge);
	struct netlink nl = { 0 };
	char err[512];

	br->name = bridge;
	if (d.allowed && netlink_open(&nl, err, sizeof(err)) == 0) {
		if (bridge_lookup(&nl, br, err, sizeof(err)) == 0)
			d = decide_on_bridge(acl, br);
		else
			br->nnames = 0;
		netlink_close(&nl);
	}
	return d;
}

int check_run(const char *acl_path, const char *bridge,
	      const struct priv *p)
{
	struct acl acl;
	struct acl_error aerr;
	struct acl_decision d;
	struct bridge br = { 0 };
	char rule[ACL_RULE_SHOWN], shown[BRH_QUOTED_IFNAME], note[128];
	size_t i;

	if (acl_load(&acl, acl_path, &acl_file_loader, &aerr) < 0)
		return report(BRH_EXIT_CONFIG, "%s", aerr.msg);
	for (i = 0; i < acl.nskips; i++)
		printf("%s:%u: skipped include %s: uid %u may not read it\n",
		       acl.skips[i].file, acl.skips[i].line, acl.skips[i].path,
		       (unsigned)p->uid);
	d = check_decide(&acl, bridge, &br);
	brh_quote(bridge, strlen(bridge), shown, sizeof(shown));
	if (d.rule != NULL) {
		acl_rule_format(d.rule, rule, sizeof(rule));
		decide_name_note(&d, bridge, &br, note, sizeof(note));
		printf("%s: %s by %s:%u: %s%s\n", shown,
		       d.allowed ? "allowed" : "denied", d.rule->file,
		       d.rule->line, rule, note);
	} else {
		printf("%s: denied: no rule matches (default deny)\n", shown);
	}
	acl_free(&acl);
	if (fflush(stdout) != 0)
		return report(BRH_EXIT_SYSTEM, "writing to stdout failed");
	return d.allowed ? BRH_EXIT_OK : BRH_EXIT_DENIED;
}
