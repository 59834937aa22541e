#!/usr/bin/env python3
"""A tiny "phase server", as the seed Node orchestrator had: POST /start answers 202 at once,
does its work in the background, then POSTs {"success": ..., "stats": {...}} to callback_url.

    python3 phase_server.py --port 3459 --name baskets [--seconds 1.0] [--fail-first]
"""
import argparse
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = None
calls = 0


def work_then_call_back(body):
    global calls
    calls += 1
    time.sleep(args.seconds)
    success = not (args.fail_first and body.get("attempt") == 1)
    result = {"success": success, "stats": {"items": 10 + calls, "seconds": args.seconds}}
    if not success:
        result["error"] = "simulated failure on the first attempt"
    req = urllib.request.Request(body["callback_url"], data=json.dumps(result).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        print(f"[{args.name}] called back for {body['job']} attempt {body['attempt']}: {resp.status}", flush=True)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        print(f"[{args.name}] start {body.get('job')} of {body.get('run')} params={body.get('params')}", flush=True)
        self.send_response(202)
        self.end_headers()
        self.wfile.write(b"accepted\n")
        if body.get("callback_url"):
            threading.Thread(target=work_then_call_back, args=(body,), daemon=True).start()

    def log_message(self, *a):
        pass


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--fail-first", action="store_true")
    args = p.parse_args()
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
