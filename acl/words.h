/*
 * words.h - the words after a rule's bridge name (brhelper.conf(5)).
 *
 * parse.c hands each rule's remaining text here; words.c reads it against
 * its table and fills the rule's subjects and options.  Names of users and
 * groups are resolved through resolve(), which parse.c serves from
 * /etc/passwd and /etc/group read under the ACL's trust rule.
 */
#ifndef BRHELPER_WORDS_H
#define BRHELPER_WORDS_H

#include "acl.h"

struct acl_words {
	struct acl *acl; /* the id pool the subjects go to */
	/* 0 with *id; -ENOENT: no such name; else -1 with why filled. */
	int (*resolve)(void *ctx, bool group, const char *name, uint32_t *id,
		       char *why, size_t whylen);
	void *ctx;
	char why[900]; /* on error: what is wrong, what to write */
	size_t col;    /* on error: where, 1-based */
};

/*
 * Read the words of s[at..len) into r (whose action is set).  0, or -1
 * with w->why and w->col; -2 when out of memory.
 */
int acl_words_parse(struct acl_words *w, struct acl_rule *r, const char *s,
		    size_t len, size_t at);

#endif
