== file bridge.conf 0664
allow all
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: it is writable by group or others (mode 0664); run 'chmod go-w' on it
