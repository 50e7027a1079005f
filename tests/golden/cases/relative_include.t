# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
include alice.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: include path must be absolute (start with '/')
