/*
 * decide.c - the ACL's verdict on a bridge, for a run and for --check.
 *
 * The ACL decides twice, and both callers (main.c, check.c) ask here:
 * first on the name as the caller gave it, before anything is looked up
 * (a refusal learns nothing about the host's interfaces); then, once the
 * kernel has resolved that name to an interface, on the interface's real
 * name and every altname, because the kernel resolves any of them to the
 * same bridge: a deny written for one name must hold for all.
 */
#include "helper.h"

#include <stdio.h>
#include <string.h>

#include "../lib/ifname.h"

struct acl_decision decide_on_bridge(const struct acl *acl,
				     const struct bridge *br)
{
	const char *names[BRIDGE_MAX_NAMES];
	size_t i;

	for (i = 0; i < br->nnames; i++)
		names[i] = br->names[i];
	return acl_decide_names(acl, names, br->nnames);
}

/*
 * When the deciding rule named the interface by another name than the one
 * asked for: ": mgmt is an altname of brmgmt", else "".
 */
void decide_name_note(const struct acl_decision *d, const char *asked,
		      const struct bridge *br, char *buf, size_t len)
{
	char a[BRH_QUOTED_IFNAME], real[BRH_QUOTED_IFNAME];
	const char *other;

	buf[0] = '\0';
	if (br == NULL || br->nnames == 0 || d->rule == NULL ||
	    d->rule->target != ACL_TARGET_NAME ||
	    strcmp(d->rule->name, asked) == 0)
		return;
	other = strcmp(asked, br->names[0]) == 0 ? d->rule->name : asked;
	brh_quote(other, strlen(other), a, sizeof(a));
	brh_quote(br->names[0], strlen(br->names[0]), real, sizeof(real));
	snprintf(buf, len, ": %s is an altname of %s", a, real);
}
