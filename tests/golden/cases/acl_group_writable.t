== file bridge.conf 0664
allow all
== run --check --br=br0
== expect 3
brhelper: @ETC@/bridge.conf: @ETC@/bridge.conf is writable by group or others; run 'chmod go-w @ETC@/bridge.conf'
