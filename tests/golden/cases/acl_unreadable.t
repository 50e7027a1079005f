# The top file is read as the caller too; unreadable is an error, not a skip.
== file bridge.conf 0600
allow all
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: Permission denied
