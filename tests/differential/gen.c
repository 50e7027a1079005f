/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * gen - random QEMU ACL trees for the differential test (run.sh).
 *
 *   gen SEED CASE valid|lenient ROOT TOP...
 *
 * Writes one tree of ACL files under ROOT (root-owned, made by the caller,
 * empty) and the same top file at every TOP path, from SEED and CASE
 * alone, then prints the plan on stdout, one item a line:
 *
 *   groups -|GID	the caller runs with no supplementary group, or GID
 *   name HEX A|D|?	a bridge name to ask (hex bytes), and the verdict
 *			qemu-bridge-helper gives by its own rules (? when
 *			the tree holds lenient lines: no model then)
 *   file PATH		a file written (for the report of a mismatch)
 *   feat WORD		a feature this tree has (run.sh checks each appears)
 *
 * valid: only files that both parsers read without an error, with every
 * construct QEMU's parser accepts (see run.sh for what is left out and why).
 * lenient: the same, plus one or two lines that QEMU reads laxly (a name
 * no interface can have, an include it ignores, an error it shrugs off in
 * an include, a vertical tab), which our parser must refuse or read as QEMU
 * does.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GID 4321 /* the group of group-readable includes */
#define NOBODY 65534
#define MAXFILES 6
#define MAXITEMS 32
#define MAXPOOL 8
#define MAXASK 40
#define NAMEMAX 15 /* IFNAMSIZ - 1 */

enum dir { D_PUB, D_PRIV, D_GRP };
static const char *const dirname_of[] = { "pub", "priv", "grp" };

enum kind { IT_RULE, IT_INCLUDE };

struct item {
	enum kind kind;
	bool deny, all;
	char name[NAMEMAX + 1];
	int child;
};

struct buf {
	char *p;
	size_t len, cap;
};

struct gfile {
	char path[PATH_MAX];
	char link[PATH_MAX]; /* a symlink to it, under ROOT/ln */
	enum dir dir;
	mode_t mode;
	gid_t gid;
	bool crlf, last_newline;
	struct buf text;
	struct item items[MAXITEMS];
	int nitems;
};

static uint64_t rng_state;
static const char *root;
static struct gfile files[MAXFILES];
static int nfiles;
static char pool[MAXPOOL][NAMEMAX + 1];
static int npool;
static bool has_gid, lenient;

static void die(const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* splitmix64: small, and the same numbers on every machine */
static uint64_t next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned r(unsigned n)
{
	return n ? (unsigned)(next() % n) : 0;
}

static bool chance(unsigned percent)
{
	return r(100) < percent;
}

/* Say each feature once a tree. */
static void feat(const char *word)
{
	static const char *said[64];
	static int nsaid;
	int i;

	for (i = 0; i < nsaid; i++)
		if (strcmp(said[i], word) == 0)
			return;
	if (nsaid < 64)
		said[nsaid++] = word;
	printf("feat %s\n", word);
}

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			die("realloc");
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void putc_(struct buf *b, char c)
{
	put(b, &c, 1);
}

/*
 * White space as QEMU's parser sees it (GLib's g_ascii_isspace: space, \t,
 * \n, \f, \r; not \v).  After a keyword separated by a tab, QEMU looks for
 * the first space on the whole line to end the keyword: such a line holds
 * no space after the keyword at all (tabmode).
 */
static void ws(struct buf *b, unsigned max, bool tabmode)
{
	static const char set[] = { ' ', '\t', '\f', '\r' };
	unsigned i, n = 1 + r(max);
	char c;

	for (i = 0; i < n; i++) {
		c = set[tabmode ? 1 + r(3) : r(4)];
		putc_(b, c);
		if (c == '\f' || c == '\r')
			feat("formfeed_or_cr_as_space");
	}
}

/* A byte the kernel takes in a name: not white space, '/', ':' or 0xa0. */
static bool name_byte(unsigned c)
{
	return c != 0 && !(c >= 0x09 && c <= 0x0d) && c != ' ' && c != '/' &&
	       c != ':' && c != 0xa0;
}

static void random_name(char *out)
{
	static const char *const fixed[] = {
		"br0",	  "br1",    "br10",	"virbr0",    "virbr1",
		"brlab",  "lan",    "ALL",	"All",	     "aLL",
		"#x",	  "#",	    "-",	"_",	     "a",
		"br-lab", "br_lab", "br.lab",	"br@0",	     "br%d",
		"x=y",	  "...",    ".x",	"..x",	     "br0.10",
		"\"q\"",  "'q'",    "\\",	"*",	     "$x",
		"alla",	  "al",	    "allow",	"deny",	     "include",
		"tap0",	  "eth0",   "\xc3\xbc", "br\xc3\xa9"
	};
	unsigned len, i, c, style = r(10);

	switch (style) {
	case 0:
	case 1:
	case 2:
		snprintf(out, NAMEMAX + 1, "%s",
			 fixed[r(sizeof(fixed) / sizeof(fixed[0]))]);
		break;
	case 3:
		snprintf(out, NAMEMAX + 1, "br%u", r(13));
		break;
	case 4: /* 15 bytes, sharing 14 with others */
		snprintf(out, NAMEMAX + 1, "br0123456789ab%c", "cdx"[r(3)]);
		feat("name_15_bytes");
		break;
	default: /* random bytes: printable, or any byte a name may hold */
		len = 1 + r(style == 9 ? NAMEMAX : 6);
		for (i = 0; i < len;) {
			c = style >= 8 ? 1 + r(255) : 0x21 + r(0x5e);
			if (name_byte(c))
				out[i++] = (char)c;
		}
		out[len] = '\0';
		if (style >= 8)
			feat("name_any_byte");
	}
	if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0 ||
	    strcmp(out, "lo") == 0 || strcmp(out, "all") == 0)
		snprintf(out, NAMEMAX + 1, "br%u", r(13));
}

static const char *pool_name(void)
{
	return pool[r((unsigned)npool)];
}

/* ---- the files --------------------------------------------------------- */

static void place_file(int j)
{
	static const char *const shapes[] = { "f%d.conf",   "f%d.conf",
					      "f%d.conf",   "f %d.conf",
					      "f #%d.conf", "f\t%d.conf",
					      ".f%d",	    "f%d" };
	struct gfile *f = &files[j];
	char base[64];
	unsigned k = r(100);

	f->dir = k < 70 ? D_PUB : k < 80 ? D_PRIV : D_GRP;
	k = r(100);
	f->mode = k < 70 ? 0644 : k < 82 ? 0600 : 0640;
	f->gid = f->mode == 0640 ? GID : 0;
	snprintf(base, sizeof(base), shapes[r(8)], j);
	snprintf(f->path, sizeof(f->path), "%s/%s/%s", root, dirname_of[f->dir],
		 base);
	snprintf(f->link, sizeof(f->link), "%s/ln/l%d", root, j);
}

/* May the caller (nobody, with GID or not) read file j? */
static bool readable(int j)
{
	const struct gfile *f = &files[j];

	if (j == 0)
		return true;
	if (f->dir == D_PRIV || (f->dir == D_GRP && !has_gid))
		return false;
	return f->mode == 0644 || (f->mode == 0640 && has_gid);
}

/* The path an include line gives for file j: one of its spellings. */
static void include_path(int j, char *out, size_t len)
{
	const struct gfile *f = &files[j];
	const char *sub = dirname_of[f->dir];
	const char *base = strrchr(f->path, '/') + 1;

	switch (r(10)) {
	case 0:
		snprintf(out, len, "%s//%s/%s", root, sub, base);
		feat("include_spelled");
		break;
	case 1:
		snprintf(out, len, "%s/./%s/%s", root, sub, base);
		feat("include_spelled");
		break;
	case 2:
		snprintf(out, len, "%s/%s/../%s/%s", root, sub, sub, base);
		feat("include_spelled");
		break;
	case 3:
		snprintf(out, len, "%s", f->link);
		feat("include_symlink");
		break;
	default:
		snprintf(out, len, "%s", f->path);
	}
	if (strchr(base, ' ') || strchr(base, '\t') || strchr(base, '#'))
		feat("include_odd_path");
}

static void add_item(struct gfile *f, struct item it)
{
	if (f->nitems < MAXITEMS)
		f->items[f->nitems++] = it;
}

/* The rules and includes of every file, in order; no include loop. */
static void plan_items(void)
{
	int i, j, n;

	for (j = 1; j < nfiles; j++) {
		struct item inc = { .kind = IT_INCLUDE, .child = j };

		add_item(&files[r((unsigned)j)], inc);
		for (i = 0; i < j; i++)
			if (chance(12)) {
				add_item(&files[i], inc);
				feat("include_twice");
			}
	}
	for (j = 0; j < nfiles; j++) {
		struct gfile *f = &files[j];

		for (n = (int)r(8); n > 0; n--) {
			struct item it = { .kind = IT_RULE };

			it.deny = chance(35);
			it.all = chance(it.deny ? 4 : 8);
			if (!it.all)
				memcpy(it.name, pool_name(), NAMEMAX + 1);
			feat(it.all ? (it.deny ? "deny_all" : "allow_all")
				    : (it.deny ? "deny_name" : "allow_name"));
			add_item(f, it);
		}
		/* shuffle: includes among the rules */
		for (i = f->nitems - 1; i > 0; i--) {
			struct item t = f->items[i];

			n = (int)r((unsigned)i + 1);
			f->items[i] = f->items[n];
			f->items[n] = t;
		}
	}
}

static void eol(struct gfile *f)
{
	puts_(&f->text, f->crlf ? "\r\n" : "\n");
}

/* "KEYWORD ARG" with QEMU's white space around it, then the line end. */
static void statement(struct gfile *f, const char *kw, const char *arg)
{
	struct buf *b = &f->text;
	bool tabmode = strchr(arg, ' ') == NULL && chance(25);

	if (chance(20)) {
		ws(b, 3, false);
		feat("leading_whitespace");
	}
	puts_(b, kw);
	putc_(b, tabmode ? '\t' : ' ');
	if (tabmode)
		feat("tab_separator");
	if (chance(30))
		ws(b, 2, tabmode);
	puts_(b, arg);
	if (chance(30)) {
		ws(b, 3, tabmode);
		feat("trailing_whitespace");
	}
	eol(f);
}

static void comment(struct gfile *f)
{
	static const char *const looks[] = { "allow all", "deny br0",
					     "include /etc/passwd", "",
					     "allow br0 # not a rule" };
	struct buf *b = &f->text;
	unsigned i, n, c;

	if (chance(30))
		ws(b, 3, false);
	putc_(b, '#');
	if (chance(30)) {
		puts_(b, looks[r(5)]);
	} else {
		for (i = 0, n = r(40); i < n; i++) {
			c = 1 + r(255);
			if (c != '\n')
				putc_(b, (char)c);
		}
	}
	feat("comment");
	eol(f);
}

static void blank(struct gfile *f)
{
	if (chance(50))
		ws(&f->text, 4, false);
	feat("blank_line");
	eol(f);
}

static void filler(struct gfile *f)
{
	while (chance(30)) {
		if (chance(50))
			comment(f);
		else
			blank(f);
	}
}

static void render(int j)
{
	struct gfile *f = &files[j];
	char path[PATH_MAX];
	int i;

	f->crlf = chance(15);
	f->last_newline = !chance(30);
	if (f->crlf)
		feat("crlf");
	for (i = 0; i < f->nitems; i++) {
		const struct item *it = &f->items[i];

		filler(f);
		if (it->kind == IT_INCLUDE) {
			include_path(it->child, path, sizeof(path));
			statement(f, "include", path);
		} else {
			statement(f, it->deny ? "deny" : "allow",
				  it->all ? "all" : it->name);
		}
	}
	filler(f);
	if (f->nitems == 0)
		feat("no_rule_in_file");
	if (!f->last_newline && f->text.len > 0) {
		/* drop the last line end: "\n", or "\r\n" down to "\r" */
		f->text.len--;
		if (f->crlf && chance(50))
			f->text.len--;
		feat("no_final_newline");
	}
}

/* ---- lenient lines ------------------------------------------------------ */

static void write_file(const char *path, const char *data, size_t len,
		       mode_t mode, uid_t uid, gid_t gid);

/* One file of rules about the pool, for includes QEMU ignores. */
static void side_file(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	struct buf b = { 0 };

	puts_(&b, chance(50) ? "allow " : "deny ");
	puts_(&b, pool_name());
	puts_(&b, chance(70) ? "\nallow " : "\ndeny ");
	puts_(&b, chance(30) ? "all" : pool_name());
	puts_(&b, "\n");
	write_file(path, b.p, b.len, mode, uid, gid);
	printf("file %s\n", path);
	free(b.p);
}

static void odd_include(struct buf *b, int host, unsigned k)
{
	char path[PATH_MAX], next_[PATH_MAX];
	unsigned i;

	switch (k) {
	case 0:
		snprintf(path, sizeof(path), "%s/pub/missing.conf", root);
		feat("lenient_missing_include");
		break;
	case 1: /* QEMU opens it from its working directory, ROOT */
		snprintf(next_, sizeof(next_), "%s/pub/rel.conf", root);
		side_file(next_, 0644, 0, 0);
		snprintf(path, sizeof(path), "pub/rel.conf");
		feat("lenient_relative_include");
		break;
	case 2:
		snprintf(path, sizeof(path), "%s/pub", root);
		feat("lenient_include_directory");
		break;
	case 3: /* a loop: QEMU recurses until it runs out of descriptors */
		snprintf(path, sizeof(path), "%s",
			 host > 0 ? files[host].path : files[0].path);
		feat("lenient_include_loop");
		break;
	case 4: /* deeper than brhelper's limit */
		for (i = 0; i < 11; i++) {
			struct buf t = { 0 };

			snprintf(path, sizeof(path), "%s/pub/deep%u.conf", root,
				 i);
			snprintf(next_, sizeof(next_), "%s/pub/deep%u.conf",
				 root, i + 1);
			puts_(&t, "allow ");
			puts_(&t, pool_name());
			puts_(&t, "\ninclude ");
			puts_(&t, next_);
			puts_(&t, "\n");
			write_file(path, t.p, t.len, 0644, 0, 0);
			free(t.p);
		}
		side_file(next_, 0644, 0, 0);
		snprintf(path, sizeof(path), "%s/pub/deep0.conf", root);
		feat("lenient_include_too_deep");
		break;
	default: /* unsafe: writable by others, or owned by the caller */
		snprintf(path, sizeof(path), "%s/pub/unsafe.conf", root);
		if (chance(50))
			side_file(path, 0666, 0, 0);
		else
			side_file(path, 0644, NOBODY, NOBODY);
		feat("lenient_unsafe_include");
	}
	puts_(b, "include ");
	puts_(b, path);
}

/* A vertical tab: white space to us, a name byte to QEMU. */
static void odd_vtab(struct buf *b, unsigned k)
{
	const char *kw = chance(60) ? "allow" : "deny";
	char path[PATH_MAX];

	switch (k) {
	case 0:
		puts_(b, kw);
		puts_(b, " \v");
		puts_(b, pool_name());
		break;
	case 1:
		puts_(b, kw);
		puts_(b, " ");
		puts_(b, pool_name());
		puts_(b, "\v");
		break;
	case 2:
		puts_(b, kw);
		puts_(b, chance(50) ? " all\v" : " all \v");
		break;
	case 3:
		snprintf(path, sizeof(path), "%s/pub/vt.conf", root);
		side_file(path, 0644, 0, 0);
		puts_(b, "include ");
		puts_(b, path);
		puts_(b, "\v");
		break;
	case 4:
		puts_(b, "\v");
		puts_(b, kw);
		puts_(b, " ");
		puts_(b, pool_name());
		break;
	default:
		puts_(b, kw);
		puts_(b, "\v");
		puts_(b, pool_name());
	}
	feat("lenient_vertical_tab");
}

static void odd_name(struct buf *b, unsigned k)
{
	static const char *const bad[] = { "a/b",     "x:y",  ".",	 "..",
					   "br0\xa0", "\xa0", "br0 br1", "" };
	unsigned i, n;

	puts_(b, chance(60) ? "allow " : "deny ");
	switch (k) {
	case 0:
		puts_(b, bad[r(8)]);
		feat("lenient_invalid_name");
		break;
	case 1: /* longer than IFNAMSIZ: QEMU refuses the file */
		for (i = 0, n = 16 + r(20); i < n; i++)
			putc_(b, (char)('a' + r(26)));
		feat("lenient_long_name");
		break;
	default:
		puts_(b, pool_name());
		puts_(b, " ");
		puts_(b, chance(50) ? "# a comment" : chance(50) ? "x" : "#");
		feat("lenient_text_after_name");
	}
}

/* Put line (with its newline) at the start of a random line of f. */
static void insert_line(struct gfile *f, const struct buf *line)
{
	struct buf *b = &f->text;
	size_t at[MAXITEMS * 8], n = 1, i, pos;

	at[0] = 0;
	for (i = 0; i < b->len && n < sizeof(at) / sizeof(at[0]); i++)
		if (b->p[i] == '\n')
			at[n++] = i + 1;
	pos = at[r((unsigned)n)];
	put(b, line->p, line->len); /* room, and the length */
	memmove(b->p + pos + line->len, b->p + pos, b->len - line->len - pos);
	memcpy(b->p + pos, line->p, line->len);
}

#define ODD_KINDS 18

/* Lenient line kind k (0 to ODD_KINDS - 1) into file host. */
static void odd_line(int host, unsigned k)
{
	struct buf line = { 0 }, *b = &line;
	unsigned i;

	if (k < 6) {
		odd_vtab(b, k);
	} else if (k < 12) {
		odd_include(b, host, k - 6);
	} else if (k < 15) {
		odd_name(b, k - 12);
	} else if (k == 15) {
		puts_(b, chance(50) ? "Allow " : "permit ");
		puts_(b, pool_name());
		feat("lenient_unknown_keyword");
	} else if (k == 16) { /* QEMU stops a line at a NUL byte */
		puts_(b, "allow ");
		puts_(b, pool_name());
		put(b, "\0junk", 5);
		feat("lenient_nul_byte");
	} else { /* QEMU reads 4095 bytes at a time: the rest is a line */
		putc_(b, '#');
		for (i = 1; i < 4095; i++)
			putc_(b, (char)('a' + r(26)));
		puts_(b, "allow ");
		puts_(b, pool_name());
		feat("lenient_long_line");
	}
	putc_(b, '\n');
	insert_line(&files[host], b);
	free(line.p);
}

/* ---- output -------------------------------------------------------------- */

static void write_file(const char *path, const char *data, size_t len,
		       mode_t mode, uid_t uid, gid_t gid)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		die(path);
	if (write(fd, data, len) != (ssize_t)len || fchown(fd, uid, gid) < 0 ||
	    fchmod(fd, mode) < 0 || close(fd) < 0)
		die(path);
}

static void make_dir(const char *sub, mode_t mode, gid_t gid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, sub);
	if (mkdir(path, 0700) < 0 || chown(path, 0, gid) < 0 ||
	    chmod(path, mode) < 0)
		die(path);
}

/* ---- the model: QEMU's rule ---------------------------------------------- */

struct tally {
	bool allowed, denied;
};

static void visit(int j, const char *name, struct tally *t, int depth)
{
	const struct gfile *f = &files[j];
	int i;

	if (!readable(j) || depth > MAXFILES)
		return;
	for (i = 0; i < f->nitems; i++) {
		const struct item *it = &f->items[i];

		if (it->kind == IT_INCLUDE) {
			visit(it->child, name, t, depth + 1);
			continue;
		}
		if (!it->all && strcmp(it->name, name) != 0)
			continue;
		if (it->deny)
			t->denied = true;
		else
			t->allowed = true;
	}
}

static char model(const char *name)
{
	struct tally t = { false, false };

	if (lenient)
		return '?';
	visit(0, name, &t, 0);
	return t.allowed && !t.denied ? 'A' : 'D';
}

static int ask_count;
static char asked[MAXASK][NAMEMAX + 1];

static void ask(const char *name)
{
	const unsigned char *p;
	int i;

	if (ask_count == MAXASK || name[0] == '\0' || strlen(name) > NAMEMAX ||
	    strcmp(name, "lo") == 0 || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return;
	for (p = (const unsigned char *)name; *p; p++)
		if (!name_byte(*p))
			return;
	for (i = 0; i < ask_count; i++)
		if (strcmp(asked[i], name) == 0)
			return;
	snprintf(asked[ask_count++], NAMEMAX + 1, "%s", name);
	printf("name ");
	for (p = (const unsigned char *)name; *p; p++)
		printf("%02x", *p);
	printf(" %c\n", model(name));
}

/* The pool, names one byte off each, and a few names in no file. */
static void ask_all(void)
{
	char n[NAMEMAX + 2];
	size_t len;
	int i;

	for (i = 0; i < npool; i++) {
		ask(pool[i]);
		len = strlen(pool[i]);
		snprintf(n, sizeof(n), "%s0", pool[i]);
		ask(n);
		snprintf(n, sizeof(n), "%s", pool[i]);
		n[len - 1] = (char)(n[len - 1] == 'x' ? 'y' : 'x');
		ask(n);
		if (len > 1) {
			n[len - 1] = '\0';
			ask(n);
		}
	}
	for (i = 0; i < 2; i++) {
		random_name(n);
		ask(n);
	}
	if (chance(20)) {
		ask("all");
		feat("ask_all");
	}
}

static bool number(const char *s, unsigned long long *n)
{
	char *end;

	errno = 0;
	*n = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0' && end != s && s[0] != '-';
}

int main(int argc, char *argv[])
{
	unsigned long long seed, kase;
	int i, j;

	if (argc < 6 || !number(argv[1], &seed) || !number(argv[2], &kase) ||
	    (strcmp(argv[3], "valid") && strcmp(argv[3], "lenient"))) {
		fprintf(stderr,
			"usage: gen SEED CASE valid|lenient ROOT TOP...\n");
		return 2;
	}
	lenient = strcmp(argv[3], "lenient") == 0;
	root = argv[4];
	rng_state = seed * 0x2545f4914f6cdd1dULL ^ kase ^
		    (lenient ? 1ULL << 63 : 0);
	umask(022);

	has_gid = chance(35);
	printf(has_gid ? "groups %d\n" : "groups -\n", GID);
	if (has_gid)
		feat("caller_in_group");
	npool = 3 + (int)r(MAXPOOL - 2);
	for (i = 0; i < npool; i++)
		random_name(pool[i]);
	nfiles = 1 + (int)r(MAXFILES);
	snprintf(files[0].path, sizeof(files[0].path), "%s", argv[5]);
	for (j = 1; j < nfiles; j++)
		place_file(j);
	make_dir("pub", 0755, 0);
	make_dir("priv", 0700, 0);
	make_dir("grp", 0750, GID);
	make_dir("ln", 0755, 0);
	plan_items();
	for (j = 0; j < nfiles; j++)
		render(j);
	if (lenient) { /* every kind in turn, and sometimes one more */
		odd_line((int)r((unsigned)nfiles),
			 (unsigned)(kase % ODD_KINDS));
		if (chance(40))
			odd_line((int)r((unsigned)nfiles), r(ODD_KINDS));
	}
	for (j = 1; j < nfiles; j++) {
		struct gfile *f = &files[j];

		write_file(f->path, f->text.p ? f->text.p : "", f->text.len,
			   f->mode, 0, f->gid);
		if (symlink(f->path, f->link) < 0)
			die(f->link);
		if (!readable(j))
			feat("include_unreadable");
	}
	for (i = 5; i < argc; i++)
		write_file(argv[i], files[0].text.p ? files[0].text.p : "",
			   files[0].text.len, 0644, 0, 0);
	for (j = 0; j < nfiles; j++)
		printf("file %s\n", j ? files[j].path : argv[5]);
	if (nfiles > 1)
		feat("include");
	ask_all();
	for (j = 0; j < nfiles; j++)
		free(files[j].text.p);
	return fflush(stdout) == 0 ? 0 : 2;
}
