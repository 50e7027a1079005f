/*
 * ifname.h - what an interface name is, and how one is shown.
 *
 * The one room for both rules.  The helper (arguments, the ACL, messages)
 * and libbrhelper (before it puts a name on a command line) include this
 * file and nothing else for them.
 *
 * A name is valid exactly when the kernel's dev_valid_name() accepts it:
 * 1 to 15 bytes, not "." or "..", no '/', no ':', and no byte the kernel's
 * isspace() counts as white space: 0x09-0x0d, 0x20, and 0xa0 (the kernel's
 * ctype table calls 0xa0 a no-break space, so "br0" followed by a no-break
 * space pasted from a web page is not a name).  Other control bytes are
 * names the kernel takes; they are shown escaped, never printed raw.
 */
#ifndef BRHELPER_IFNAME_H
#define BRHELPER_IFNAME_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Room for brh_quote() of up to n bytes: 4 per byte and the NUL. */
#define BRH_QUOTED_SIZE(n) ((n)*4 + 1)
/* Room for any interface name, quoted. */
#define BRH_QUOTED_IFNAME BRH_QUOTED_SIZE(IFNAMSIZ)

/* NULL when the kernel would accept name, else why not. */
static inline const char *brh_ifname_problem(const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0')
		return "is empty";
	for (i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];

		if (i + 1 >= IFNAMSIZ)
			return "is longer than 15 bytes (IFNAMSIZ)";
		if (c == '/' || c == ':')
			return "contains '/' or ':'";
		if (c == 0xa0)
			return "contains byte 0xa0, which the kernel counts "
			       "as white space (a no-break space?)";
		if (c == ' ' || (c >= '\t' && c <= '\r'))
			return "contains white space";
	}
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return "is '.' or '..'";
	return NULL;
}

/*
 * Copy len bytes of s into buf: printable ASCII as it is, and every other
 * byte, the backslash and each byte of also as \xNN.  Truncates at a byte
 * boundary only when buf is too small; BRH_QUOTED_SIZE(len) is enough.
 */
static inline const char *brh_escape(const char *s, size_t len, char *buf,
				     size_t buflen, const char *also)
{
	size_t i, o = 0;

	if (buflen == 0)
		return "";
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool plain = c >= 0x20 && c < 0x7f && c != '\\' &&
			     strchr(also, c) == NULL;

		if (o + (plain ? 1 : 4) >= buflen)
			break;
		if (plain)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, 5, "\\x%02x", c);
	}
	buf[o] = '\0';
	return buf;
}

/* For a message: no name can end a line, fake a field or hide a byte. */
static inline const char *brh_quote(const char *s, size_t len, char *buf,
				    size_t buflen)
{
	return brh_escape(s, len, buf, buflen, "");
}

/*
 * For a value of a key=value line (the audit line): ' ' and '=' too, so
 * that no value can end its field or start another.
 */
static inline const char *brh_quote_field(const char *s, size_t len, char *buf,
					  size_t buflen)
{
	return brh_escape(s, len, buf, buflen, " =");
}

#endif
