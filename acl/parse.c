/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * parse.c - read brhelper.conf(5) into a list of rules.
 *
 * qemu-bridge-helper's grammar, one statement a line: "# comment",
 * "allow NAME|all", "deny NAME|all", "include /ABSOLUTE/PATH" (the rest of
 * the line, trimmed).  Where QEMU was lax we refuse, and say where:
 *  - a bridge name is checked as the kernel would and never truncated
 *    (CVE-2019-13164 came from a name cut to IFNAMSIZ);
 *  - anything after the bridge name is a word of the table below, or an
 *    error: subject words on allow and deny, option words (which give
 *    something) on allow only; each at most once, numbers in range, names
 *    existing when the ACL is read;
 *  - an include is absolute, bounded in depth and count, never itself;
 *    only EACCES (a per-user file the caller may not read) is skipped;
 *  - the first error rejects the whole ACL.
 */
#include "acl.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ifname.h"
#include "../common/wire.h"
#include "../trusted/accounts.h"

#define SHOWN_MAX 32 /* bytes of a bad word quoted in an error */
#define SHOWN_SIZE BRH_QUOTED_SIZE(SHOWN_MAX)

struct parser {
	struct acl *acl;
	const struct acl_loader *ld;
	struct acl_error *err;
	const char *file; /* the line being read, where an error is */
	unsigned line;	  /* 0: the top file, which did not open */
	unsigned depth;	  /* files being read, identified in open[] */
	const struct acl_text *open[ACL_MAX_DEPTH + 1];
	unsigned words;		     /* the words the rule being read has */
	struct acl_text accounts[2]; /* passwd, group: read when a name needs */
};

static const char *shown(const char *s, size_t len, char *buf)
{
	return brh_quote(s, len < SHOWN_MAX ? len : SHOWN_MAX, buf, SHOWN_SIZE);
}

/* "file:line:col: what" in p->err ("file: what" at line 0); -1. */
__attribute__((format(printf, 3, 4))) static int
acl_fail(struct parser *p, size_t col, const char *fmt, ...)
{
	char what[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (p->line == 0)
		snprintf(p->err->msg, sizeof(p->err->msg), "%s: %s", p->file,
			 what);
	else
		snprintf(p->err->msg, sizeof(p->err->msg), "%s:%u:%zu: %s",
			 p->file, p->line, col, what);
	return -1;
}

static int acl_nomem(struct parser *p)
{
	snprintf(p->err->msg, sizeof(p->err->msg), "out of memory");
	p->err->system = true;
	return -1;
}

/* A new last item, zeroed, of *array (*n items of size bytes, room for
 * *cap): NULL if there is no memory. */
static void *push(void **array, size_t *n, size_t *cap, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	char *a = *array;

	if (*n == *cap) {
		a = reallocarray(a, ncap, size);
		if (a == NULL)
			return NULL;
		*array = a;
		*cap = ncap;
	}
	a += (*n)++ * size;
	memset(a, 0, size);
	return a;
}

/* White space as QEMU reads it (g_ascii_isspace): not \v, which would let
 * "allow all\v" allow all here and nothing there; it is part of a word. */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* From i, past the bytes that are (space) or are not white space. */
static size_t span(const char *s, size_t len, size_t i, bool space)
{
	while (i < len && is_space(s[i]) == space)
		i++;
	return i;
}

static bool token_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

enum kind { NAMES, IDS, NUMBER, FLAG }; /* NUMBER and FLAG are options */

#define OPT(f) offsetof(struct acl_options, f)
static const struct word {
	const char *name;
	enum kind kind;
	bool group;	   /* NAMES, IDS: gids, not uids */
	unsigned min, max; /* NUMBER: its range */
	size_t field;	   /* NUMBER, FLAG: where in struct acl_options */
	const char *form;  /* how it is written */
} words[] = {
	{ "user", NAMES, false, 0, 0, 0, "user=NAME[,NAME...]" },
	{ "uid", IDS, false, 0, 0, 0, "uid=N[,N...]" },
	{ "group", NAMES, true, 0, 0, 0, "group=NAME[,NAME...]" },
	{ "gid", IDS, true, 0, 0, 0, "gid=N[,N...]" },
	{ "max", NUMBER, false, 1, 1024, OPT(max), "max=N" },
	{ "queues", NUMBER, false, 1, BRH_WIRE_MAX_FDS, OPT(queues),
	  "queues=N" },
	{ "vlan", NUMBER, false, 1, 4094, OPT(vlan), "vlan=N" },
	{ "isolated", FLAG, false, 0, 0, OPT(isolated), "isolated" },
	{ "locked", FLAG, false, 0, 0, OPT(locked), "locked" },
};
#define NWORDS (sizeof(words) / sizeof(words[0]))
#define WORD_LIST                                                              \
	"user=, uid=, group=, gid=, max=, queues=, vlan=, isolated or locked"

/* One name or number of a subject list, at col: its id, or -1 (told).  A
 * name is looked up in /etc/passwd or /etc/group, read through the ACL's
 * loader (so trusted alike) when a name first needs it. */
static int one_id(struct parser *p, const struct word *wd, const char *v,
		  size_t len, size_t col, uint32_t *id)
{
	const char *who = wd->group ? "group" : "user";
	const char *path = wd->group ? ACCOUNTS_GROUP : ACCOUNTS_PASSWD;
	struct acl_text *t = &p->accounts[wd->group];
	char name[ACCOUNTS_MAX_NAME], quoted[SHOWN_SIZE], why[512] = "";
	struct accounts_user u;
	int rc = 0;

	shown(v, len, quoted);
	if (len == 0)
		return acl_fail(p, col,
				"%s: an empty name in the list; write %s",
				wd->name, wd->form);
	if (wd->kind == IDS && accounts_parse_id(v, len, id) < 0)
		return acl_fail(p, col, "%s=%s: not a %s; write %s", wd->name,
				quoted, wd->group ? "gid" : "uid", wd->form);
	if (wd->kind == IDS)
		return 0;
	if (len >= sizeof(name) || memchr(v, ':', len) != NULL)
		return acl_fail(p, col, "%s=%s: not a %s name", wd->name,
				quoted, who);
	memcpy(name, v, len);
	name[len] = '\0';
	if (t->data == NULL)
		rc = p->ld->load(p->ld->ctx, path, t, why, sizeof(why));
	if (rc < 0)
		return acl_fail(p, col, "cannot read %s to find '%s': %s", path,
				quoted,
				rc == -EPERM && why[0] ? why : strerror(-rc));
	if (wd->group)
		rc = accounts_group_by_name(t->data, t->len, name, id);
	else
		rc = accounts_user_by_name(t->data, t->len, name, &u);
	if (rc < 0)
		return acl_fail(p, col,
				"unknown %s '%s' (not in %s); for an account "
				"only a directory service knows, write %s=N",
				who, quoted, path, wd->group ? "gid" : "uid");
	if (!wd->group)
		*id = u.uid;
	return 0;
}

/* The value s[at..end) of wd in rule r. */
static int value(struct parser *p, struct acl_rule *r, const struct word *wd,
		 const char *s, size_t at, size_t end)
{
	struct acl *acl = p->acl;
	char quoted[SHOWN_SIZE];
	struct acl_id *sub;
	uint32_t n;
	size_t l;

	if (wd->kind == NUMBER) {
		if (accounts_parse_id(s + at, end - at, &n) < 0 ||
		    n < wd->min || n > wd->max)
			return acl_fail(p, at + 1,
					"%s=%s: a number from %u to %u, "
					"written in decimal, is allowed here",
					wd->name,
					shown(s + at, end - at, quoted),
					wd->min, wd->max);
		memcpy((char *)&r->opt + wd->field, &n, sizeof(unsigned));
		return 0;
	}
	for (; at <= end; at += l + 1) { /* a list: each id joins the rule's */
		const char *comma = memchr(s + at, ',', end - at);

		l = comma ? (size_t)(comma - (s + at)) : end - at;
		if (one_id(p, wd, s + at, l, at + 1, &n) < 0)
			return -1;
		sub = push((void **)&acl->ids, &acl->nids, &acl->ids_cap,
			   sizeof(*sub));
		if (sub == NULL)
			return acl_nomem(p);
		*sub = (struct acl_id) { n, wd->group };
		r->nids++;
	}
	return 0;
}

/* The word s[at..end) of rule r: 0, or -1 with p->err filled. */
static int acl_word(struct parser *p, struct acl_rule *r, const char *s,
		    size_t at, size_t end)
{
	const char *eq = memchr(s + at, '=', end - at);
	size_t klen = eq ? (size_t)(eq - (s + at)) : end - at, i = 0;
	char quoted[SHOWN_SIZE];
	const struct word *wd;

	if (s[at] == '#')
		return acl_fail(p, at + 1,
				"unexpected text after the bridge name (a "
				"comment must be on a line of its own)");
	while (i < NWORDS && !token_is(s + at, klen, words[i].name))
		i++;
	if (i == NWORDS)
		return acl_fail(p, at + 1,
				"unknown word '%s'; after the bridge name a "
				"rule takes " WORD_LIST
				" (see brhelper.conf(5))",
				shown(s + at, klen, quoted));
	wd = &words[i];
	if (p->words & (1u << i))
		return acl_fail(p, at + 1, "%s given twice in one rule",
				wd->form);
	p->words |= 1u << i;
	if ((wd->kind == NUMBER || wd->kind == FLAG) && r->action == ACL_DENY)
		return acl_fail(p, at + 1,
				"%s gives something, so it belongs on an "
				"allow rule, not a deny",
				wd->form);
	if (eq == NULL && wd->kind != FLAG)
		return acl_fail(p, at + 1, "%s needs a value: write %s",
				wd->name, wd->form);
	if (eq != NULL && wd->kind == FLAG)
		return acl_fail(p, at + 1, "%s takes no value: write '%s'",
				wd->name, wd->form);
	if (wd->kind == FLAG) {
		*(bool *)((char *)&r->opt + wd->field) = true;
		return 0;
	}
	return value(p, r, wd, s, at + klen + 1, end);
}

/* "allow|deny NAME|all WORD...": the name at s[at..], then the words. */
static int add_rule(struct parser *p, enum acl_action action, const char *s,
		    size_t len, size_t at)
{
	size_t end = span(s, len, at, false), n = end - at;
	bool all = token_is(s + at, n, "all");
	char name[IFNAMSIZ] = "", quoted[SHOWN_SIZE];
	struct acl *acl = p->acl;
	struct acl_rule *r;
	const char *why;

	shown(s + at, n, quoted);
	if (n >= IFNAMSIZ)
		return acl_fail(p, at + 1,
				"bridge name '%s' is %zu bytes, longer than "
				"the 15 an interface name may have",
				quoted, n);
	memcpy(name, s + at, n);
	if (!all && (why = brh_ifname_problem(name)) != NULL)
		return acl_fail(p, at + 1, "bridge name '%s' %s", quoted, why);
	r = push((void **)&acl->rules, &acl->nrules, &acl->rules_cap,
		 sizeof(*r));
	if (r == NULL)
		return acl_nomem(p);
	*r = (struct acl_rule) { .action = action,
				 .target = all ? ACL_TARGET_ALL
					       : ACL_TARGET_NAME,
				 .ids_at = acl->nids,
				 .file = p->file,
				 .line = p->line };
	memcpy(r->name, name, sizeof(name));
	p->words = 0;
	for (at = span(s, len, end, true); at < len;
	     at = span(s, len, end, true)) {
		end = span(s, len, at, false);
		if (acl_word(p, r, s, at, end) < 0)
			return -1;
	}
	if (action == ACL_ALLOW && r->opt.queues == 0)
		r->opt.queues = ACL_DEFAULT_QUEUES;
	return 0;
}

static int parse_file(struct parser *p, const char *path, size_t len,
		      size_t col);

static int parse_line(struct parser *p, const char *s, size_t len)
{
	size_t kw = span(s, len, 0, true), kwend = span(s, len, kw, false);
	size_t arg = span(s, len, kwend, true), end = len;
	const char *k = s + kw;
	char quoted[SHOWN_SIZE];

	if (kw == len || s[kw] == '#')
		return 0;
	if (token_is(k, kwend - kw, "include")) {
		while (end > arg && is_space(s[end - 1]))
			end--;
		if (arg == end)
			return acl_fail(p, kwend + 1,
					"include needs an absolute path");
		if (s[arg] != '/')
			return acl_fail(p, arg + 1,
					"include path must be absolute (start "
					"with '/')");
		if (end - arg >= PATH_MAX)
			return acl_fail(p, arg + 1, "include path is too long");
		if (p->depth > ACL_MAX_DEPTH)
			return acl_fail(p, arg + 1,
					"includes nested more than %d deep",
					ACL_MAX_DEPTH);
		return parse_file(p, s + arg, end - arg, arg + 1);
	}
	if (!token_is(k, kwend - kw, "allow") &&
	    !token_is(k, kwend - kw, "deny"))
		return acl_fail(p, kw + 1,
				"unknown keyword '%s'; expected allow, deny "
				"or include",
				brh_quote(k, kwend - kw, quoted,
					  sizeof(quoted)));
	if (arg == len)
		return acl_fail(p, kwend + 1,
				"%.*s needs a bridge name or 'all'",
				(int)(kwend - kw), k);
	return add_rule(p,
			token_is(k, kwend - kw, "deny") ? ACL_DENY : ACL_ALLOW,
			s, len, arg);
}

static int parse_text(struct parser *p, const char *file,
		      const struct acl_text *t)
{
	size_t start = 0, len;
	unsigned line = 0;
	const char *s, *nl, *nul;

	for (; start < t->len; start += len + 1) {
		s = t->data + start;
		len = t->len - start;
		nl = memchr(s, '\n', len);
		if (nl != NULL)
			len = (size_t)(nl - s);
		/* After an include, its lines were being read. */
		p->file = file;
		p->line = ++line;
		if (len > ACL_MAX_LINE)
			return acl_fail(p, ACL_MAX_LINE + 1,
					"line is longer than %d bytes",
					ACL_MAX_LINE);
		nul = memchr(s, '\0', len);
		if (nul != NULL)
			return acl_fail(p, (size_t)(nul - s) + 1,
					"NUL byte in a text file");
		if (parse_line(p, s, len) < 0)
			return -1;
	}
	return 0;
}

static int open_failed(struct parser *p, const char *file, size_t col, int rc,
		       const char *why)
{
	const char *reason = rc == -EPERM && why[0] ? why : strerror(-rc);
	const char *hint = "";

	p->err->system = rc == -EMFILE || rc == -ENFILE || rc == -ENOMEM;
	if (rc == -ENOENT && p->depth == 0)
		hint = "; create it (see brhelper.conf(5))";
	else if (rc == -ENOENT && strstr(file, " #") != NULL)
		hint = " (an include takes the rest of its line as the path: "
		       "a comment cannot follow it)";
	if (p->depth == 0)
		return acl_fail(p, 0, "%s%s", reason, hint);
	return acl_fail(p, col, "cannot include %s: %s%s", file, reason, hint);
}

/* The file path[0..len), included at col (the top file: depth 0). */
static int parse_file(struct parser *p, const char *path, size_t len,
		      size_t col)
{
	struct acl *acl = p->acl;
	struct acl_text t = { 0 };
	struct acl_skip *skip;
	char why[512] = "", *file, **slot;
	unsigned i;
	int rc;

	if (acl->nfiles >= ACL_MAX_FILES)
		return acl_fail(p, col, "more than %d files included",
				ACL_MAX_FILES);
	slot = push((void **)&acl->files, &acl->nfiles, &acl->files_cap,
		    sizeof(*slot));
	if (slot == NULL || (*slot = strndup(path, len)) == NULL)
		return acl_nomem(p);
	file = *slot;
	rc = p->ld->load(p->ld->ctx, file, &t, why, sizeof(why));
	if (rc == -EACCES && p->depth > 0) { /* noted, and skipped */
		skip = push((void **)&acl->skips, &acl->nskips, &acl->skips_cap,
			    sizeof(*skip));
		if (skip == NULL)
			return acl_nomem(p);
		*skip = (struct acl_skip) { file, p->file, p->line };
		return 0;
	}
	if (rc < 0)
		return open_failed(p, file, col, rc, why);
	for (i = 0; i < p->depth; i++) {
		if (p->open[i]->dev == t.dev && p->open[i]->ino == t.ino) {
			free(t.data);
			return acl_fail(p, col,
					"include loop: %s is already being "
					"read",
					file);
		}
	}
	p->open[p->depth++] = &t;
	rc = parse_text(p, file, &t);
	p->depth--;
	free(t.data);
	return rc;
}

int acl_load(struct acl *acl, const char *path, const struct acl_loader *ld,
	     struct acl_error *err)
{
	struct parser p = { .acl = acl, .ld = ld, .err = err, .file = path };
	int rc;

	memset(acl, 0, sizeof(*acl));
	err->msg[0] = '\0';
	err->system = false;
	rc = parse_file(&p, path, strlen(path), 0);
	free(p.accounts[0].data);
	free(p.accounts[1].data);
	if (rc < 0)
		acl_free(acl);
	return rc < 0 ? -1 : 0;
}

void acl_free(struct acl *acl)
{
	size_t i;

	for (i = 0; i < acl->nfiles; i++)
		free(acl->files[i]);
	free(acl->files);
	free(acl->rules);
	free(acl->skips);
	free(acl->ids);
	memset(acl, 0, sizeof(*acl));
}
