/*
 * words.c - who a rule applies to and what it gives: one table of words.
 *
 *	allow br0 user=alice,bob max=4
 *	allow brlab group=kvm vlan=100 isolated queues=4
 *	deny brmgmt group=students
 *
 * Subject words (user=, uid=, group=, gid=) may stand on allow and deny;
 * option words (max=, queues=, vlan=, isolated) only on allow, since a
 * deny gives nothing.  Each word at most once per rule; numbers in range;
 * names must exist when the ACL is read.  Anything else is an error at
 * its column that says what is allowed.  Adding a word is one line of the
 * table.
 */
#include "words.h"

#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ifname.h"
#include "../common/wire.h"
#include "../trusted/accounts.h"

#define MAX_IDS (ACL_MAX_LINE / 2) /* "1,1,1..." fits no more */

/* The subjects of the rule being read, before they go to the pool. */
struct subjects {
	uint32_t uids[MAX_IDS], gids[MAX_IDS];
	size_t nuids, ngids;
};

struct word;
typedef int (*word_fn)(struct acl_words *, struct acl_rule *, struct subjects *,
		       const struct word *, const char *, size_t, size_t);

struct word {
	const char *name;
	word_fn parse;
	unsigned min, max; /* numbers */
	size_t field;	   /* numbers: offset in struct acl_options */
	int subject;	   /* 0: option; 'u' or 'g': whose id list */
	bool numeric;	   /* subjects: numbers, not names */
	const char *form;  /* how it is written */
};

static int parse_number(struct acl_words *, struct acl_rule *,
			struct subjects *, const struct word *, const char *,
			size_t, size_t);
static int parse_ids(struct acl_words *, struct acl_rule *, struct subjects *,
		     const struct word *, const char *, size_t, size_t);
static int parse_flag(struct acl_words *, struct acl_rule *, struct subjects *,
		      const struct word *, const char *, size_t, size_t);

#define OPT(f) offsetof(struct acl_options, f)
static const struct word words[] = {
	{ "user", parse_ids, 0, 0, 0, 'u', false, "user=NAME[,NAME...]" },
	{ "uid", parse_ids, 0, 0, 0, 'u', true, "uid=N[,N...]" },
	{ "group", parse_ids, 0, 0, 0, 'g', false, "group=NAME[,NAME...]" },
	{ "gid", parse_ids, 0, 0, 0, 'g', true, "gid=N[,N...]" },
	{ "max", parse_number, 1, 1024, OPT(max), 0, false, "max=N" },
	{ "queues", parse_number, 1, BRH_WIRE_MAX_FDS, OPT(queues), 0, false,
	  "queues=N" },
	{ "vlan", parse_number, 1, 4094, OPT(vlan), 0, false, "vlan=N" },
	{ "isolated", parse_flag, 0, 0, 0, 0, false, "isolated" },
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

__attribute__((format(printf, 3, 4))) static int
bad(struct acl_words *w, size_t col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->why, sizeof(w->why), fmt, ap);
	va_end(ap);
	w->col = col + 1;
	return -1;
}

static int parse_number(struct acl_words *w, struct acl_rule *r,
			struct subjects *sub, const struct word *wd,
			const char *v, size_t len, size_t col)
{
	char shown[BRH_QUOTED_SIZE(ACL_SHOWN_MAX)];
	uint32_t n;

	(void)sub;
	brh_quote(v, len < ACL_SHOWN_MAX ? len : ACL_SHOWN_MAX, shown,
		  sizeof(shown));
	if (accounts_parse_id(v, len, &n) < 0 || n < wd->min || n > wd->max)
		return bad(w, col,
			   "%s=%s: a number from %u to %u, written "
			   "in decimal, is allowed here",
			   wd->name, shown, wd->min, wd->max);
	memcpy((char *)&r->opt + wd->field, &n, sizeof(unsigned));
	return 0;
}

static int parse_flag(struct acl_words *w, struct acl_rule *r,
		      struct subjects *sub, const struct word *wd,
		      const char *v, size_t len, size_t col)
{
	(void)w;
	(void)sub;
	(void)wd;
	(void)v;
	(void)len;
	(void)col;
	r->opt.isolated = true;
	return 0;
}

/* One name or number of a subject list: its id, or an error. */
static int one_id(struct acl_words *w, const struct word *wd, const char *v,
		  size_t len, size_t col, uint32_t *id)
{
	char name[ACCOUNTS_MAX_NAME], shown[BRH_QUOTED_SIZE(ACL_SHOWN_MAX)];
	bool numeric = wd->numeric, group = wd->subject == 'g';
	int rc;

	brh_quote(v, len < ACL_SHOWN_MAX ? len : ACL_SHOWN_MAX, shown,
		  sizeof(shown));
	if (len == 0)
		return bad(w, col, "%s: an empty name in the list; write %s",
			   wd->name, wd->form);
	if (numeric && accounts_parse_id(v, len, id) < 0)
		return bad(w, col, "%s=%s: not a %s; write %s", wd->name, shown,
			   group ? "gid" : "uid", wd->form);
	if (numeric)
		return 0;
	if (len >= sizeof(name) || memchr(v, ':', len) != NULL)
		return bad(w, col, "%s=%s: not a %s name", wd->name, shown,
			   group ? "group" : "user");
	memcpy(name, v, len);
	name[len] = '\0';
	rc = w->resolve(w->ctx, group, name, id, w->why, sizeof(w->why));
	if (rc == -ENOENT)
		return bad(w, col,
			   "unknown %s '%s' (not in %s); for an "
			   "account only a directory service knows, write "
			   "%s=N",
			   group ? "group" : "user", shown,
			   group ? ACCOUNTS_GROUP : ACCOUNTS_PASSWD,
			   group ? "gid" : "uid");
	if (rc < 0)
		w->col = col + 1;
	return rc;
}

static int parse_ids(struct acl_words *w, struct acl_rule *r,
		     struct subjects *sub, const struct word *wd, const char *v,
		     size_t len, size_t col)
{
	uint32_t *ids = wd->subject == 'g' ? sub->gids : sub->uids;
	size_t *n = wd->subject == 'g' ? &sub->ngids : &sub->nuids, at = 0;

	(void)r;
	for (;;) {
		const char *comma = memchr(v + at, ',', len - at);
		size_t l = comma ? (size_t)(comma - (v + at)) : len - at;

		if (*n == MAX_IDS)
			return bad(w, col + at, "too many ids in one rule");
		if (one_id(w, wd, v + at, l, col + at, &ids[*n]) < 0)
			return -1;
		(*n)++;
		if (comma == NULL)
			return 0;
		at += l + 1;
	}
}

/* "user=, uid=, ..., vlan= or isolated", from the table. */
static void list_words(char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < NWORDS && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s%s",
				      i == 0		? ""
				      : i + 1 == NWORDS ? " or "
							: ", ",
				      words[i].name,
				      words[i].parse == parse_flag ? "" : "=");
}

static const struct word *find_word(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < NWORDS; i++)
		if (strlen(words[i].name) == len &&
		    memcmp(words[i].name, s, len) == 0)
			return &words[i];
	return NULL;
}

/* One word at s[at..end): look it up, check it may stand here, parse. */
static int one_word(struct acl_words *w, struct acl_rule *r,
		    struct subjects *sub, const char *s, size_t at, size_t end)
{
	const char *eq = memchr(s + at, '=', end - at);
	size_t klen = eq ? (size_t)(eq - (s + at)) : end - at;
	const struct word *wd = find_word(s + at, klen);
	char shown[BRH_QUOTED_SIZE(ACL_SHOWN_MAX)], list[200];
	unsigned bit;

	if (s[at] == '#')
		return bad(w, at,
			   "unexpected text after the bridge name (a "
			   "comment must be on a line of its own)");
	if (wd == NULL) {
		brh_quote(s + at, klen < ACL_SHOWN_MAX ? klen : ACL_SHOWN_MAX,
			  shown, sizeof(shown));
		list_words(list, sizeof(list));
		return bad(w, at,
			   "unknown word '%s'; after the bridge name "
			   "a rule takes %s (see brhelper.conf(5))",
			   shown, list);
	}
	bit = 1u << (wd - words);
	if (r->words & bit)
		return bad(w, at, "%s given twice in one rule", wd->form);
	r->words |= bit;
	if (!wd->subject && r->action == ACL_DENY)
		return bad(w, at,
			   "%s gives something, so it belongs on an "
			   "allow rule, not a deny",
			   wd->form);
	if (eq == NULL && wd->parse != parse_flag)
		return bad(w, at, "%s needs a value: write %s", wd->name,
			   wd->form);
	if (eq != NULL && wd->parse == parse_flag)
		return bad(w, at, "%s takes no value: write '%s'", wd->name,
			   wd->form);
	if (eq == NULL)
		return wd->parse(w, r, sub, wd, NULL, 0, at);
	return wd->parse(w, r, sub, wd, eq + 1, end - (size_t)(eq + 1 - s),
			 (size_t)(eq + 1 - s));
}

static int to_pool(struct acl *acl, struct acl_rule *r,
		   const struct subjects *sub)
{
	size_t need = acl->nids + sub->nuids + sub->ngids, cap;
	uint32_t *n;

	if (need > acl->ids_cap) {
		cap = need > 2 * acl->ids_cap ? need : 2 * acl->ids_cap;
		n = reallocarray(acl->ids, cap, sizeof(*n));
		if (n == NULL)
			return -2;
		acl->ids = n;
		acl->ids_cap = cap;
	}
	r->ids_at = acl->nids;
	r->nuids = sub->nuids;
	r->ngids = sub->ngids;
	memcpy(acl->ids + acl->nids, sub->uids, sub->nuids * sizeof(uint32_t));
	acl->nids += sub->nuids;
	memcpy(acl->ids + acl->nids, sub->gids, sub->ngids * sizeof(uint32_t));
	acl->nids += sub->ngids;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int acl_words_parse(struct acl_words *w, struct acl_rule *r, const char *s,
		    size_t len, size_t at)
{
	struct subjects *sub = calloc(1, sizeof(*sub));
	size_t end;
	int rc = 0;

	if (sub == NULL)
		return -2;
	while (rc == 0) {
		while (at < len && is_blank(s[at]))
			at++;
		if (at == len)
			break;
		for (end = at; end < len && !is_blank(s[end]); end++)
			;
		rc = one_word(w, r, sub, s, at, end);
		at = end;
	}
	r->anyone = sub->nuids == 0 && sub->ngids == 0;
	if (rc == 0 && !r->anyone)
		rc = to_pool(w->acl, r, sub);
	if (rc == 0 && r->action == ACL_ALLOW && r->opt.queues == 0)
		r->opt.queues = ACL_DEFAULT_QUEUES;
	free(sub);
	return rc;
}
