# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# ".." is walked, not skipped: a path through the caller's directory is the
# caller's, even when it comes back out.
== dir evil 0755 65534:65534
== file lab.conf
allow br0
== file bridge.conf
include @ETC@/evil/../lab.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/evil/../lab.conf: directory @ETC@/evil is owned by uid 65534, not root; run 'chown root' on it
