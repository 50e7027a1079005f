/*
 * words.h - what parse.c and words.c share while an ACL is read: parse.c
 * reads lines and includes, words.c the words after a rule's bridge name.
 */
#ifndef BRHELPER_WORDS_H
#define BRHELPER_WORDS_H

#include "../common/ifname.h"
#include "acl.h"

#define SHOWN_MAX 32 /* bytes of a bad word quoted in an error */
#define SHOWN_SIZE BRH_QUOTED_SIZE(SHOWN_MAX)

struct parser {
	struct acl *acl;
	const struct acl_loader *ld;
	struct acl_error *err;
	const char *file; /* the line being read, where an error is */
	unsigned line;	  /* 0: the top file, which did not open */
	unsigned depth;	  /* files being read, identified in open[] */
	struct {
		uint64_t dev, ino;
	} open[ACL_MAX_DEPTH + 1];
	size_t nopened;		     /* files opened or skipped so far */
	unsigned words;		     /* the words the rule being read has */
	struct acl_text accounts[2]; /* passwd, group: read when a name needs */
};

/* parse.c: "file:line:col: what" in p->err ("file: what" at line 0); -1. */
__attribute__((format(printf, 3, 4))) int acl_fail(struct parser *p, size_t col,
						   const char *fmt, ...);
int acl_nomem(struct parser *p);
/* parse.c: room in *array (*cap items of size bytes) for need: 0, or -1. */
int acl_grow(void **array, size_t *cap, size_t need, size_t size);

/* words.c: the word s[at..end) of rule r: 0, or -1 with p->err filled. */
int acl_word(struct parser *p, struct acl_rule *r, const char *s, size_t at,
	     size_t end);

/* At most SHOWN_MAX bytes of s, quoted, for a message. */
static inline const char *shown(const char *s, size_t len, char *buf)
{
	return brh_quote(s, len < SHOWN_MAX ? len : SHOWN_MAX, buf, SHOWN_SIZE);
}

#endif
