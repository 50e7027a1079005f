# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# A FIFO is refused at once, never waited on.
== file bridge.conf
include @ETC@/pipe.conf
== fifo pipe.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/pipe.conf: it is not a regular file
