# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
allow br0
permit br1
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:2:1: unknown keyword 'permit'; expected allow, deny or include
