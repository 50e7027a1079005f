# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
allow br0
deny all
== run check --br=br0
== expect 1
br0: denied by @ETC@/bridge.conf:2: deny all
