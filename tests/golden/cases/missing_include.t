# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
allow br0
include @ETC@/nobody-wrote-this.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:2:9: cannot include @ETC@/nobody-wrote-this.conf: No such file or directory
