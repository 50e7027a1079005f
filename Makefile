# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# brhelper - one plain GNU Makefile.  See README.md and ../shared/SPEC.md.
#
#   make              build everything into $(B)/
#   make check        install missing packages (as root), build, run every test
#   make demo         the main job, on a throwaway network namespace
#   make install      DESTDIR, PREFIX, LIBEXECDIR, SYSCONFDIR, MANDIR, INSTALL_MODE
#   make install-caps the helper 0755 with file capabilities instead of setuid
#   make install-service  the systemd units of service mode (SYSTEMDUNITDIR)
#   make deb          Debian packages (debian/) into $(B)/deb/, lintian-checked
#   make bench        timings against qemu-bridge-helper
#   make fuzz         libFuzzer on the ACL and argument parsers (FUZZ_SECONDS)
#   make clean

VERSION      = 0.1.0
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
LIBEXECDIR  ?= $(PREFIX)/libexec
INCLUDEDIR  ?= $(PREFIX)/include
SYSCONFDIR  ?= /etc
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL_MODE ?= 4755
# Service mode: where brhelper.socket listens, where its units go.
SERVICE_SOCKET ?= /run/brhelper/socket
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR     ?=
B           ?= build
SAN         ?=
# STATIC=1 (default) links the helper static-pie: loading and relocating
# libnl, libcap-ng and libseccomp at every run costs more than the rest of
# the helper together (make bench).  STATIC=0 links it dynamically, which
# make install refuses: the libraries' constructors would run before the
# helper empties the environment (check-build, below).
STATIC      ?= 1

# Paths compiled into the helper and the library must be absolute: a
# relative SYSCONFDIR would make the setuid helper read its ACL relative to
# the caller's working directory.
ABS_PATHS = PREFIX LIBEXECDIR SYSCONFDIR BINDIR LIBDIR INCLUDEDIR MANDIR \
            SERVICE_SOCKET SYSTEMDUNITDIR
$(foreach v,$(ABS_PATHS),$(if $(filter /%,$($(v))),,$(error \
  brhelper: $(v)=$($(v)) must be an absolute path (start with /))))

CC          ?= cc
PKG_CONFIG  ?= pkg-config
HELPER_PKGS  = libnl-route-3.0 libcap-ng libseccomp

WARN = -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wpointer-arith -Wvla -Wundef \
       -Wimplicit-fallthrough -Wnull-dereference -Wcast-align
HARDEN = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection \
         -fcf-protection -fno-strict-overflow -fno-delete-null-pointer-checks
ifeq ($(SAN),1)
  STATIC := 0
  SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
  HARDEN := $(filter-out -D_FORTIFY_SOURCE=2,$(HARDEN))
endif
# CFLAGS and LDFLAGS from the command line or the environment add to
# these, never replace them: the warnings (-Werror) and the hardening stay.
CFLAGS  ?= -O2 -g
override CFLAGS  += -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(SANFLAGS)
override LDFLAGS += -Wl,-z,relro,-z,now -Wl,-z,noexecstack -Wl,--as-needed $(SANFLAGS)
EXE_FLAGS = -fPIE
EXE_LDFLAGS = -pie

ACL_PATH = $(SYSCONFDIR)/brhelper/bridge.conf
CONFIG_DEFS = -DBRH_ACL_PATH='"$(ACL_PATH)"' \
              -DBRH_DEFAULT_HELPER='"$(LIBEXECDIR)/brhelper"' \
              -DBRH_FORWARD='"$(LIBEXECDIR)/brhelper-forward"' \
              -DBRH_SERVICE_PATH='"$(SERVICE_SOCKET)"' \
              -DBRH_VERSION='"$(VERSION)"'

pkg = $(shell $(PKG_CONFIG) $(1) $(HELPER_PKGS) 2>/dev/null)
HELPER_CFLAGS = $(call pkg,--cflags)
ifeq ($(STATIC),1)
  HELPER_LIBS    = $(call pkg,--static --libs)
  HELPER_LDFLAGS = -static-pie
  HELPER_EXTRA   = helper/nonss.c
else
  HELPER_LIBS    = $(call pkg,--libs)
  HELPER_LDFLAGS = $(EXE_LDFLAGS)
  HELPER_EXTRA   =
endif
CMOCKA_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# The ACL language and the trusted-file room: the helper and brhelperctl
# link the same code, so a run and brhelperctl check never disagree.
ACL_SRC    = acl/parse.c acl/decide.c \
             trusted/accounts.c trusted/trust.c
NET_SRC    = helper/netlink.c helper/bridge.c
POLICY_SRC = policy/caps.c policy/seccomp.c
HELPER_SRC = helper/main.c helper/run.c helper/args.c helper/entry.c helper/send.c \
             helper/fds.c \
             helper/tap.c helper/quota.c helper/audit.c $(NET_SRC)
LIB_SRC    = lib/recvfd.c lib/spawn.c lib/error.c lib/service.c
TOOL_SRC   = tools/brhelper-run.c
CTL_SRC    = tools/brhelperctl.c tools/ctl_check.c tools/ctl_list.c tools/ctl_groups.c

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))
pic = $(patsubst %.c,$(B)/pic/%.o,$(1))

HELPER   = $(B)/brhelper
DAEMON   = $(B)/brhelperd
FORWARD  = $(B)/brhelper-forward
CTL      = $(B)/brhelperctl
LIB_SO   = $(B)/libbrhelper.so.0
LIB_A    = $(B)/libbrhelper.a
RUN      = $(B)/brhelper-run
PC       = $(B)/libbrhelper.pc
# The unit tests: the one list (tests/run.sh asks for it: make print-...).
# Under ASan/UBSan all but the seccomp test, whose filter would kill the
# sanitizer's own calls.
UNIT_NAMES = test-acl test-args test-lib test-seccomp
UNIT_SAN   = $(filter-out test-seccomp,$(UNIT_NAMES))
UNIT     = $(addprefix $(B)/,$(UNIT_NAMES))
MANPAGES = man/brhelper.8 man/brhelper.conf.5 man/libbrhelper.3 \
           man/brhelper-run.1 man/brhelperctl.1

all: $(HELPER) $(DAEMON) $(FORWARD) $(CTL) $(LIB_SO) $(LIB_A) $(RUN) $(PC)

# Rebuild everything when a compiled-in path changes (install with another
# PREFIX or SYSCONFDIR than the last build).
CONFIG_STAMP = $(B)/config.stamp
$(shell mkdir -p $(B) && echo '$(CONFIG_DEFS) $(SAN) $(STATIC)' | cmp -s - $(CONFIG_STAMP) \
	|| echo '$(CONFIG_DEFS) $(SAN) $(STATIC)' > $(CONFIG_STAMP))

$(B)/obj/%.o: %.c $(CONFIG_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(EXE_FLAGS) $(CONFIG_DEFS) $(HELPER_CFLAGS) -I$(B)/gen -MMD -MP -c -o $@ $<

# The hand-off allowlist, built by libseccomp from its table when the
# helper is built (policy/seccomp_gen.c); policy/seccomp.c loads it.
SECCOMP_LIBS = $(shell $(PKG_CONFIG) --libs libseccomp 2>/dev/null)
$(B)/seccomp-gen: $(call obj,policy/seccomp_gen.c) | need-pkgs
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^ $(SECCOMP_LIBS)
$(B)/gen/seccomp_bpf.h: $(B)/seccomp-gen
	@mkdir -p $(@D)
	$(B)/seccomp-gen > $@.tmp && mv $@.tmp $@
$(B)/obj/policy/seccomp.o: $(B)/gen/seccomp_bpf.h

$(B)/pic/%.o: %.c $(CONFIG_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -fvisibility=hidden $(CONFIG_DEFS) -MMD -MP -c -o $@ $<

need-pkgs:
	@$(PKG_CONFIG) --exists $(HELPER_PKGS) || { echo "brhelper: missing \
	libraries; run 'make check' as root, or apt-get install pkg-config \
	libnl-route-3-dev libcap-ng-dev libseccomp-dev" >&2; exit 1; }

$(HELPER): $(call obj,$(HELPER_SRC) $(HELPER_EXTRA) $(ACL_SRC) $(POLICY_SRC)) | need-pkgs
	$(CC) $(HELPER_LDFLAGS) $(LDFLAGS) -o $@ $^ $(HELPER_LIBS)

# brhelperd: the service's instance (service mode), the helper's sequence
# with the request from its connection: the same sources, service.c for
# main.c and args.c, linked the same way.
DAEMON_SRC = $(filter-out helper/main.c helper/args.c,$(HELPER_SRC)) helper/service.c
$(DAEMON): $(call obj,$(DAEMON_SRC) $(HELPER_EXTRA) $(ACL_SRC) $(POLICY_SRC)) | need-pkgs
	$(CC) $(HELPER_LDFLAGS) $(LDFLAGS) -o $@ $^ $(HELPER_LIBS)

# brhelperctl: no privilege; dynamically linked like any program.
CTL_LIBS = $(shell $(PKG_CONFIG) --libs libnl-route-3.0 2>/dev/null)
$(CTL): $(call obj,$(CTL_SRC) $(ACL_SRC) $(NET_SRC)) | need-pkgs
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^ $(CTL_LIBS)

$(LIB_SO): $(call pic,$(LIB_SRC))
	$(CC) -shared -Wl,-soname,libbrhelper.so.0 $(LDFLAGS) -o $@ $^
	ln -sf libbrhelper.so.0 $(B)/libbrhelper.so

$(LIB_A): $(call pic,$(LIB_SRC))
	rm -f $@ && ar rcs $@ $^

# brhelper-forward: no privilege (brhelper runs it when it has none).
$(FORWARD): $(call obj,tools/brhelper-forward.c helper/args.c helper/fds.c trusted/accounts.c)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^

$(RUN): $(call obj,$(TOOL_SRC)) $(LIB_A)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^

$(PC): lib/libbrhelper.pc.in $(CONFIG_STAMP)
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|' $< > $@

# ---- tests -----------------------------------------------------------------

$(B)/test-acl: $(call obj,tests/unit/test_acl.c $(ACL_SRC))
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)
$(B)/test-args: $(call obj,tests/unit/test_args.c helper/args.c trusted/accounts.c)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)
$(B)/test-lib: $(call obj,tests/unit/test_lib.c) $(LIB_A)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)
$(B)/test-seccomp: $(call obj,tests/unit/test_seccomp.c policy/seccomp.c)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)
$(B)/tapclient: $(call obj,tests/integration/tapclient.c) $(LIB_A)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^ -lpthread
$(B)/svcclient: $(call obj,tests/integration/svcclient.c)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^

$(B)/waitcaps: $(call obj,tests/integration/waitcaps.c)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^

$(B)/loglisten: $(call obj,tests/integration/loglisten.c)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^

$(B)/quotarace: $(call obj,tests/integration/quotarace.c)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^

tests: $(UNIT) $(B)/tapclient $(B)/loglisten $(B)/quotarace $(B)/waitcaps \
       $(B)/svcclient

check:
	@sh tests/deps.sh
	@$(MAKE) --no-print-directory check-run

check-run: all tests
	@bash tests/run.sh $(B)

print-UNIT_NAMES print-UNIT_SAN:
	@echo $($(@:print-%=%))

check-unit: $(UNIT)
	@for t in $(UNIT); do echo "== $$t"; $$t || exit 1; done

# The helper as linked keeps SPEC's "Libraries and the environment": static,
# entry_early the first constructor, no NSS (tests/buildcheck.sh).  make
# install and install-caps run it first: a helper that fails it, a dynamic
# one (STATIC=0, SAN=1) included, is never installed.
check-link: $(HELPER) $(DAEMON)
	@sh tests/buildcheck.sh $(HELPER)
	@sh tests/buildcheck.sh $(DAEMON)

# check-link, and the setuid program's size as SPEC.md bounds it.
check-build: check-link
	@sh tests/linecount.sh $(CURDIR) $(abspath $(B)) $(patsubst %.o,%.d,$(call obj,$(HELPER_SRC) $(HELPER_EXTRA) $(ACL_SRC) $(POLICY_SRC)))
.PHONY: check-build check-link

demo:
	@sh tests/deps.sh run
	@$(MAKE) --no-print-directory all $(B)/tapclient $(B)/loglisten >/dev/null
	@bash tests/demo.sh $(B)

bench:
	@sh tests/deps.sh bench
	@$(MAKE) -s --no-print-directory all $(B)/yardstick $(B)/bench
	@bash bench/run.sh $(B)

lint-man:
	mandoc -Tlint -W warning $(MANPAGES)

# Every C file of the tree as .clang-format says (clang-format 14,
# Debian 12's); make check runs it.  A diff is an error.
CLANG_FORMAT ?= clang-format
format-check:
	@git -C $(CURDIR) ls-files '*.c' '*.h' | \
	  xargs $(CLANG_FORMAT) --style=file --dry-run -Werror
format:
	@git -C $(CURDIR) ls-files '*.c' '*.h' | xargs $(CLANG_FORMAT) --style=file -i

# ---- install ---------------------------------------------------------------

install: install-common
	install -m $(INSTALL_MODE) -o 0 -g 0 $(HELPER) $(DESTDIR)$(LIBEXECDIR)/brhelper

# Permitted, not effective (+p, not +ep): nothing runs with either in
# effect until the helper raises each, alone, for its one step:
# cap_dac_override to open /dev/net/tun even at mode 0600, cap_net_admin to
# make the TAP (policy/caps.c).  The helper refuses to run with +ep.
install-caps: install-common
	install -m 0755 -o 0 -g 0 $(HELPER) $(DESTDIR)$(LIBEXECDIR)/brhelper
	setcap cap_net_admin,cap_dac_override,cap_setpcap+p $(DESTDIR)$(LIBEXECDIR)/brhelper

# The units, with this build's paths (brhelper(8), SERVICE); then
# 'systemctl daemon-reload; systemctl enable --now brhelper.socket'.
install-service: install-common
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	for u in brhelper.socket brhelper@.service; do \
	  sed -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' -e 's|@SERVICE_SOCKET@|$(SERVICE_SOCKET)|g' \
	    systemd/$$u.in > $(DESTDIR)$(SYSTEMDUNITDIR)/$$u && \
	  chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u || exit 1; \
	done

install-common: check-link all
	install -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	  $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
	  $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/brhelper
	install -m 0755 $(RUN) $(DESTDIR)$(BINDIR)/brhelper-run
	install -m 0755 $(FORWARD) $(DESTDIR)$(LIBEXECDIR)/brhelper-forward
	install -m 0755 -o 0 -g 0 $(DAEMON) $(DESTDIR)$(LIBEXECDIR)/brhelperd
	install -m 0755 $(CTL) $(DESTDIR)$(BINDIR)/brhelperctl
	install -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/libbrhelper.so.0
	ln -sf libbrhelper.so.0 $(DESTDIR)$(LIBDIR)/libbrhelper.so
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libbrhelper.a
	install -m 0644 lib/brhelper.h $(DESTDIR)$(INCLUDEDIR)/brhelper.h
	install -m 0644 $(PC) $(DESTDIR)$(PKGCONFIGDIR)/libbrhelper.pc
	install -m 0644 man/brhelper-run.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/brhelperctl.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/libbrhelper.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 man/brhelper.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 man/brhelper.8 $(DESTDIR)$(MANDIR)/man8/
	ln -sf brhelper.8 $(DESTDIR)$(MANDIR)/man8/brhelperd.8
	ln -sf brhelper.8 $(DESTDIR)$(MANDIR)/man8/brhelper-forward.8

# ---- Debian packages -------------------------------------------------------
# make deb: brhelper, libbrhelper0 and libbrhelper-dev (debian/) into
# $(B)/deb/, built by dpkg-buildpackage in $(B)/deb/src from a copy of the
# files git lists (tracked and new, not ignored: a clean clone's), so
# nothing is written outside $(B).  Then lintian must report no error and no
# warning; each override in debian/*.lintian-overrides says why.  The
# build's output is in $(B)/deb/build.log.  The build gets an empty
# environment, none of this make's variables: with B=/abs/path the copy's
# make clean would remove $(B), and PREFIX or SAN=1 would change the build.
DEB_DIR = $(abspath $(B))/deb

deb:
	@for t in git dpkg-buildpackage dh fakeroot lintian; do \
	  command -v $$t >/dev/null || { echo "brhelper: make deb needs $$t" \
	  "(tests/packages; make check as root installs it)" >&2; exit 1; }; done
	@git rev-parse --git-dir >/dev/null || { echo "brhelper: make deb" \
	  "copies the files git lists: run it in a git clone" >&2; exit 1; }
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	@git ls-files -z -c -o --exclude-standard | \
	  tar --null -T - --ignore-failed-read -cf - | tar -xf - -C $(DEB_DIR)/src
	@echo "brhelper: dpkg-buildpackage -us -uc -b in $(DEB_DIR)/src"
	@cd $(DEB_DIR)/src && env -i PATH="$$PATH" HOME="$$HOME" \
	  DEB_BUILD_OPTIONS="$$DEB_BUILD_OPTIONS" dpkg-buildpackage -us -uc -b >$(DEB_DIR)/build.log 2>&1 \
	  || { tail -n 40 $(DEB_DIR)/build.log; exit 1; }
	@echo "brhelper: lintian"
	@lintian --fail-on error,warning $(DEB_DIR)/*.changes
	@ls $(DEB_DIR)/*.deb
.PHONY: deb

clean:
	rm -rf $(B)

.PHONY: format-check format
.PHONY: all check check-run check-unit demo bench install install-caps install-service \
        install-common clean tests need-pkgs lint-man

-include $(shell find $(B)/obj $(B)/pic -name '*.d' 2>/dev/null)

# ---- bench (never installed) -----------------------------------------------

$(B)/yardstick: bench/yardstick.c
	$(CC) $(CFLAGS) -static -o $@ $<
$(B)/bench: $(call obj,bench/bench.c) $(LIB_A)
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^ -lpthread

# ---- fuzzing ---------------------------------------------------------------
# make fuzz: each libFuzzer target for FUZZ_SECONDS, from the seed corpus
# (copied, so the tree is not written); crashes land in $(B)/fuzz/.  Every
# crash found is added to tests/fuzz/regressions/, which make check replays.

FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS    = -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined
FUZZ_ACL_SRC  = tests/fuzz/fuzz_acl.c $(ACL_SRC)
FUZZ_ARGS_SRC = tests/fuzz/fuzz_args.c helper/args.c trusted/accounts.c

$(B)/fuzz/fuzz-acl: $(FUZZ_ACL_SRC)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^
$(B)/fuzz/fuzz-args: $(FUZZ_ARGS_SRC)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^

fuzz: $(B)/fuzz/fuzz-acl $(B)/fuzz/fuzz-args
	@for t in acl args; do \
	  rm -rf $(B)/fuzz/corpus-$$t && mkdir -p $(B)/fuzz/corpus-$$t && \
	  cp tests/fuzz/corpus/$$t/* $(B)/fuzz/corpus-$$t/ && \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS)s" && \
	  $(B)/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -artifact_prefix=$(B)/fuzz/ -print_final_stats=1 \
	    $(B)/fuzz/corpus-$$t 2>&1 | grep -E '^(#|stat::number_of_executed_units|==|SUMMARY|Done)' | tail -4 || exit 1; \
	done

# The corpus and the regressions, replayed under ASan/UBSan by make check.
$(B)/replay-acl: $(call obj,tests/fuzz/replay.c $(FUZZ_ACL_SRC))
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^
$(B)/replay-args: $(call obj,tests/fuzz/replay.c $(FUZZ_ARGS_SRC))
	$(CC) $(EXE_LDFLAGS) $(LDFLAGS) -o $@ $^

.PHONY: fuzz
