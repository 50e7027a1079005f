# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
allow br0   # the lab bridge
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:13: unexpected text after the bridge name (a comment must be on a line of its own)
