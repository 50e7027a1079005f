# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf 0644 65534:65534
allow all
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: it is owned by uid 65534, not root; run 'chown root' on it
