/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * accounts.c - find users and groups in the text of /etc/passwd and
 * /etc/group (passwd(5), group(5)): name:password:id:... one a line.
 */
#include "accounts.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

int accounts_parse_id(const char *s, size_t len, uint32_t *id)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10 || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	/* (uid_t)-1 means "no change" to the kernel: never an account. */
	if (v >= UINT32_MAX)
		return -1;
	*id = (uint32_t)v;
	return 0;
}

int accounts_next(const char *text, size_t len, size_t *at, size_t want,
		  struct accounts_entry *e)
{
	while (*at < len) {
		const char *s = text + *at, *nl = memchr(s, '\n', len - *at);
		size_t l = nl ? (size_t)(nl - s) : len - *at, n = 0, from = 0;

		*at += l + 1;
		if (l == 0 || s[0] == '+' || s[0] == '-' || s[0] == '#')
			continue;
		for (size_t i = 0; i <= l && n < ACCOUNTS_PASSWD_FIELDS; i++) {
			if (i < l && s[i] != ':')
				continue;
			e->f[n] = s + from;
			e->len[n++] = i - from;
			from = i + 1;
		}
		if (n >= want && e->len[0] > 0 &&
		    accounts_parse_id(e->f[2], e->len[2], &e->id) == 0)
			return 1;
	}
	return 0;
}

static bool named(const struct accounts_entry *e, const char *name)
{
	return e->len[0] == strlen(name) &&
	       memcmp(e->f[0], name, e->len[0]) == 0;
}

int accounts_user_by_name(const char *text, size_t len, const char *name,
			  struct accounts_user *u)
{
	struct accounts_entry e;
	size_t at = 0;

	while (accounts_next(text, len, &at, ACCOUNTS_PASSWD_FIELDS, &e)) {
		if (named(&e, name) &&
		    accounts_parse_id(e.f[3], e.len[3], &u->gid) == 0) {
			u->uid = e.id;
			return 0;
		}
	}
	return -ENOENT;
}

int accounts_user_by_uid(const char *text, size_t len, uint32_t uid, char *buf,
			 size_t buflen)
{
	struct accounts_entry e;
	size_t at = 0;

	while (accounts_next(text, len, &at, ACCOUNTS_PASSWD_FIELDS, &e)) {
		if (e.id == uid && e.len[0] < buflen) {
			memcpy(buf, e.f[0], e.len[0]);
			buf[e.len[0]] = '\0';
			return 0;
		}
	}
	return -ENOENT;
}

int accounts_group_by_name(const char *text, size_t len, const char *name,
			   uint32_t *gid)
{
	struct accounts_entry e;
	size_t at = 0;

	while (accounts_next(text, len, &at, ACCOUNTS_GROUP_FIELDS, &e)) {
		if (named(&e, name)) {
			*gid = e.id;
			return 0;
		}
	}
	return -ENOENT;
}
