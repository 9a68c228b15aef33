#!/usr/bin/env python3
"""Start-up time and peak memory of `entente serve` on an existing database.

Start-up: from exec to the "listening on" line (the database read, the registry built,
the UI files loaded, the socket bound), over N runs. Peak memory: VmHWM of the process
after it has answered every API route once. The peer is nginx serving the same UI
folder: its time to accept a first request, and its workers' peak memory.

    bench/startup_bench.py [runs=20]
"""
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ENTENTE = "build/release/apps/entente"
OUT = "bench/out/startup"


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmHWM:\s+(\d+) kB", status.read()).group(1))


def start_entente(db):
    begin = time.perf_counter()
    process = subprocess.Popen([ENTENTE, "serve", "--db", db, "--port", "0", "--web", "web/dist",
                                "--access-log", "off"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - begin
    if "listening on" not in line:
        sys.exit("entente did not start")
    return process, elapsed, line.strip().rsplit(":", 1)[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_start_time(runs):
    times = []
    peak = 0
    conf_dir = os.path.abspath(os.path.join(OUT, "nginx"))
    os.makedirs(conf_dir, exist_ok=True)
    for _ in range(runs):
        port = free_port()
        conf = os.path.join(conf_dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 2; daemon off; pid {conf_dir}/nginx.pid; error_log {conf_dir}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {conf_dir}; proxy_temp_path {conf_dir};
  fastcgi_temp_path {conf_dir}; uwsgi_temp_path {conf_dir}; scgi_temp_path {conf_dir};
  server {{ listen 127.0.0.1:{port}; root {os.path.abspath('web/dist')}; }} }}
""")
        begin = time.perf_counter()
        process = subprocess.Popen(["nginx", "-c", conf, "-e", f"{conf_dir}/error.log"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.0005)
        times.append(time.perf_counter() - begin)
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        peak = max([peak, vm_hwm_kib(process.pid)] + [vm_hwm_kib(int(c)) for c in children])
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=10)
    return times, peak


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    db = os.path.join(OUT, "startup.db")
    subprocess.run([ENTENTE, "init", "--db", db, "--data", "data"], check=True, stdout=subprocess.DEVNULL)

    times = []
    peak = 0
    for _ in range(runs):
        process, elapsed, port = start_entente(db)
        times.append(elapsed)
        for path in ["/healthz", "/api/v1/organisations", "/api/v1/frameworks", "/api/v1/nations",
                     "/api/v1/organisations/NATO/members?as_of=2023-04-04",
                     "/api/v1/organisations/NATO/relations?as_of=2023-04-04",
                     "/api/v1/frameworks/PFP/partners?as_of=2000-01-01", "/api/v1/nations/FIN",
                     "/api/v1/timeline?organisation=NATO", "/", "/api/v1/openapi.json"]:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()
        peak = max(peak, vm_hwm_kib(process.pid))
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)

    nginx_times, nginx_peak = nginx_start_time(runs)
    ms = lambda values: f"{statistics.median(values) * 1000:.1f} ms (max {max(values) * 1000:.1f} ms)"
    print(f"{runs} runs each, {os.cpu_count()} cores\n")
    print("| server | start-up, median (max) | peak memory (VmHWM) |")
    print("|---|---:|---:|")
    print(f"| entente serve | {ms(times)} | {peak / 1024:.1f} MiB |")
    print(f"| nginx (same UI folder) | {ms(nginx_times)} | {nginx_peak / 1024:.1f} MiB per process |")


if __name__ == "__main__":
    main()
