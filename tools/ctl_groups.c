/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * ctl_groups.c - the groups /etc/group lists a user in, for brhelperctl
 * check --user.  Not in the helper: a run takes the caller's groups from
 * the kernel (acl_caller_get).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "../trusted/accounts.h"
#include "ctl.h"

/* Does the comma list m (of ml bytes) name user? */
static bool lists(const char *m, size_t ml, const char *user)
{
	size_t ul = strlen(user), at = 0;

	while (at <= ml) {
		const char *c = memchr(m + at, ',', ml - at);
		size_t l = c ? (size_t)(c - (m + at)) : ml - at;

		if (l == ul && memcmp(m + at, user, ul) == 0)
			return true;
		at += l + 1;
	}
	return false;
}

int accounts_groups_of(const char *text, size_t len, const char *user,
		       uint32_t *gids, size_t cap)
{
	struct accounts_entry e;
	size_t at = 0, n = 0;

	while (accounts_next(text, len, &at, ACCOUNTS_GROUP_FIELDS, &e)) {
		if (!lists(e.f[3], e.len[3], user))
			continue;
		if (n == cap)
			return -E2BIG;
		gids[n++] = e.id;
	}
	return (int)n;
}
