#!/bin/sh
# Like the official redis image: run as the redis user with protected mode off (the server is
# reachable only on the compose network), keeping whatever options compose passes.
set -eu
chown -R redis:redis /data
if [ "$1" = "redis-server" ]; then
  shift
  exec setpriv --reuid=redis --regid=redis --init-groups \
    redis-server --protected-mode no --dir /data "$@"
fi
exec "$@"
