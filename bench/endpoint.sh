# bench/endpoint.sh - sourced by the benchmarks that talk to AWS.
# bench_endpoint [CONFIG]: starts the local AWS-compatible endpoint
# (tests/aws_server.py, for at most 900 s) with a scratch directory T (both
# gone on exit), sets EP to its address, posts CONFIG (JSON) to its
# /__config, and exports the credentials and region it accepts.
bench_endpoint() {
  T=$(mktemp -d)
  /usr/bin/python3 tests/aws_server.py "$T/port" 900 & server=$!
  trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
  while [ ! -s "$T/port" ]; do sleep 0.1; done
  EP=http://127.0.0.1:$(cat "$T/port")
  if [ -n "${1:-}" ]; then
    /usr/bin/python3 -c "import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1] + '/__config', data=sys.argv[2].encode(), method='POST'))" "$EP" "$1"
  fi
  export AWS_ACCESS_KEY_ID=AKIDQUOTACASETEST01 AWS_SECRET_ACCESS_KEY=quotacase/test/secret/key/00000000000001
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
}
