# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# An include takes the rest of its line: a comment after it becomes part
# of the path, and the error says so.
== file alice.conf
allow bralice
== file bridge.conf
include @ETC@/alice.conf  # alice's bridges
== run check --br=bralice
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/alice.conf  # alice's bridges: No such file or directory (an include takes the rest of its line as the path: a comment cannot follow it)
