# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: No such file or directory; create it (see brhelper.conf(5))
