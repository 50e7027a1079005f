/*
 * parse.c - read brhelper.conf(5) into a list of rules.
 *
 * The grammar is qemu-bridge-helper's, one statement a line:
 *
 *	# comment
 *	allow NAME | allow all
 *	deny NAME | deny all
 *	include /ABSOLUTE/PATH		(the rest of the line, trimmed)
 *
 * Where QEMU was lax we refuse, and say where:
 *  - a bridge name is checked as the kernel would check it and never
 *    truncated (CVE-2019-13164 came from a name cut to IFNAMSIZ);
 *  - anything after the bridge name is a word of words.c, or an error;
 *  - an include is absolute, bounded in depth and in count, and may not
 *    include itself; only EACCES (a per-user file the caller may not read)
 *    is skipped, every other failure is fatal;
 *  - the first error rejects the whole ACL.
 */
#include "acl.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

int acl_fail(struct parser *p, size_t col, const char *fmt, ...)
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

int acl_nomem(struct parser *p)
{
	snprintf(p->err->msg, sizeof(p->err->msg), "out of memory");
	p->err->system = true;
	return -1;
}

int acl_grow(void **array, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *n;

	if (need <= *cap)
		return 0;
	n = reallocarray(*array, ncap, size);
	if (n == NULL)
		return -1;
	*array = n;
	*cap = ncap;
	return 0;
}

/*
 * White space between words, as qemu-bridge-helper reads it (GLib's
 * g_ascii_isspace): not the vertical tab, which would let "allow all\v"
 * allow everything here and nothing there.  A \v is thus part of a word,
 * and a name with one is refused (the kernel counts it as white space).
 */
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
	if (acl_grow((void **)&acl->rules, &acl->rules_cap, acl->nrules + 1,
		     sizeof(*acl->rules)) < 0)
		return acl_nomem(p);
	r = &acl->rules[acl->nrules++];
	*r = (struct acl_rule) { .action = action,
				 .ids_at = acl->nids,
				 .file = p->file,
				 .line = p->line };
	r->target = all ? ACL_TARGET_ALL : ACL_TARGET_NAME;
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

/* The file at p->depth 0 is the top one; the others are included at col. */
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
	char why[512] = "", *file;
	unsigned i;
	int rc;

	if (++p->nopened > ACL_MAX_FILES)
		return acl_fail(p, col, "more than %d files included",
				ACL_MAX_FILES);
	if (acl_grow((void **)&acl->files, &acl->files_cap, acl->nfiles + 1,
		     sizeof(*acl->files)) < 0 ||
	    (file = strndup(path, len)) == NULL)
		return acl_nomem(p);
	acl->files[acl->nfiles++] = file;
	rc = p->ld->load(p->ld->ctx, file, &t, why, sizeof(why));
	if (rc == -EACCES && p->depth > 0) { /* noted, and skipped */
		if (acl_grow((void **)&acl->skips, &acl->skips_cap,
			     acl->nskips + 1, sizeof(*acl->skips)) < 0)
			return acl_nomem(p);
		acl->skips[acl->nskips++] =
			(struct acl_skip) { file, p->file, p->line };
		return 0;
	}
	if (rc < 0)
		return open_failed(p, file, col, rc, why);
	for (i = 0; i < p->depth; i++) {
		if (p->open[i].dev == t.dev && p->open[i].ino == t.ino) {
			free(t.data);
			return acl_fail(p, col,
					"include loop: %s is already being "
					"read",
					file);
		}
	}
	p->open[p->depth].dev = t.dev;
	p->open[p->depth++].ino = t.ino;
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
