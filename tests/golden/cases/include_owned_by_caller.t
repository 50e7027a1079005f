# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# A per-user file the user could edit would let the user grant bridges.
== file bridge.conf
include @ETC@/mine.conf
== file mine.conf 0644 65534:0
allow all
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/mine.conf: it is owned by uid 65534, not root; run 'chown root' on it
