/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * fuzz_acl.c - libFuzzer target for the ACL parser and matcher.
 *
 * The input is a small tree of files: the top file, then after each line
 * "@@@" the next file, served as /f/0, /f/1, ... through the loader seam
 * (struct acl_loader), never the real filesystem.  /f/eacces and /f/eperm
 * fail as an unreadable and an unsafe file would.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../acl/acl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARTS 16

struct tree {
	const char *part[MAX_PARTS];
	size_t len[MAX_PARTS];
	size_t n;
};

static int tree_load(void *ctx, const char *path, struct acl_text *t, char *why,
		     size_t whylen)
{
	const struct tree *tr = ctx;
	size_t i;

	if (strcmp(path, "/f/eacces") == 0)
		return -EACCES;
	if (strcmp(path, "/f/eperm") == 0) {
		snprintf(why, whylen, "%s is writable by others", path);
		return -EPERM;
	}
	/* The last two parts, when there are that many, are the accounts. */
	if (strcmp(path, "/etc/b.conf") == 0)
		i = 0;
	else if (strcmp(path, "/etc/passwd") == 0 && tr->n > 2)
		i = tr->n - 2;
	else if (strcmp(path, "/etc/group") == 0 && tr->n > 2)
		i = tr->n - 1;
	else if (strncmp(path, "/f/", 3) == 0 && path[3] >= '0' &&
		 path[3] <= '9' && path[4] == '\0')
		i = (size_t)(path[3] - '0') + 1;
	else
		return -ENOENT;
	if (i >= tr->n)
		return -ENOENT;
	t->data = malloc(tr->len[i] + 1);
	if (t->data == NULL)
		return -ENOMEM;
	memcpy(t->data, tr->part[i], tr->len[i]);
	t->len = tr->len[i];
	t->dev = 1;
	t->ino = i;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *bridges[] = { "br0", "br1", "all",
					 "abcdefghijklmno" };
	const char *p = (const char *)data, *end = p + size;
	struct tree tr = { .n = 0 };
	struct acl_loader ld = { tree_load, &tr };
	struct acl acl;
	struct acl_error err;
	size_t i;

	while (tr.n < MAX_PARTS) {
		const char *sep = memmem(p, (size_t)(end - p), "\n@@@\n", 5);

		tr.part[tr.n] = p;
		tr.len[tr.n++] = sep ? (size_t)(sep - p) : (size_t)(end - p);
		if (sep == NULL)
			break;
		p = sep + 5;
	}
	if (acl_load(&acl, "/etc/b.conf", &ld, &err) == 0) {
		for (i = 0; i < sizeof(bridges) / sizeof(bridges[0]); i++) {
			static const uint32_t gids[] = { 0, 100 };
			struct acl_caller who = { 0, gids, 2 };
			struct acl_verdict d =
				acl_decide(&acl, &who, &bridges[i], 1);
			char buf[ACL_RULE_SHOWN];

			if (d.rule != NULL)
				acl_rule_format(d.rule, buf, sizeof(buf));
		}
		acl_free(&acl);
	} else if (err.msg[0] == '\0') {
		abort(); /* every failure must say why */
	}
	return 0;
}
