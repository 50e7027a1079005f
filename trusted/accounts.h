/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * accounts.h - users and groups, from the text of /etc/passwd and
 * /etc/group read under the trust rule (trust.c), never through NSS
 * (helper/nonss.c).  '+'/'-' lines (NIS compat) and lines that do not
 * parse are ignored, never guessed at.
 */
#ifndef BRHELPER_ACCOUNTS_H
#define BRHELPER_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#define ACCOUNTS_PASSWD "/etc/passwd"
#define ACCOUNTS_GROUP "/etc/group"
#define ACCOUNTS_MAX_NAME 256 /* bytes in a user or group name */

struct accounts_user {
	uint32_t uid, gid;
};

/* One line split at ':' (name:password:id:...), id its third field. */
#define ACCOUNTS_PASSWD_FIELDS 7
#define ACCOUNTS_GROUP_FIELDS 4
struct accounts_entry {
	const char *f[ACCOUNTS_PASSWD_FIELDS];
	size_t len[ACCOUNTS_PASSWD_FIELDS];
	uint32_t id;
};

/* The next line from *at with a name, an id and want fields: 1, or 0. */
int accounts_next(const char *text, size_t len, size_t *at, size_t want,
		  struct accounts_entry *e);
/* The user called name in a passwd file: 0, or -ENOENT. */
int accounts_user_by_name(const char *text, size_t len, const char *name,
			  struct accounts_user *u);
/* The first user with uid in a passwd file, into buf: 0, or -ENOENT. */
int accounts_user_by_uid(const char *text, size_t len, uint32_t uid, char *buf,
			 size_t buflen);
/* The gid of the group called name in a group file: 0, or -ENOENT. */
int accounts_group_by_name(const char *text, size_t len, const char *name,
			   uint32_t *gid);
/* A uid or gid written in decimal, as the kernel takes it: 0, or -1. */
int accounts_parse_id(const char *s, size_t len, uint32_t *id);

#endif
