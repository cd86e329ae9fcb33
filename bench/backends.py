"""Throwaway Redis and PostgreSQL servers on 127.0.0.1, from Debian's packages.

Used by the scale-out benchmark (bench/loadtest.py --servers 2) and by tests/scale. Each server
lives in its own temporary folder on a free port and is removed when stopped. PostgreSQL
refuses to run as root, so as root it runs as the `postgres` user (created by Debian's
package) in a folder that user owns.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time


class MissingBinary(RuntimeError):
    """A server binary is not installed."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    """`redis-server` on 127.0.0.1, no persistence."""

    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise MissingBinary("redis-server is not installed: apt-get install redis-server "
                                "(scripts/test installs it when run as root)")
        self.folder = tempfile.mkdtemp(prefix="rembuk-redis-")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.binary = binary
        self.log = open(os.path.join(self.folder, "redis.log"), "w")
        self.start()

    def start(self) -> None:
        """Start the server (again, on the same port: used by the fault tests)."""
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.folder, "--protected-mode", "yes"],
            stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), keeping its folder for `start()`."""
        self.process.kill()
        self.process.wait(timeout=10)

    def _wait_ready(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("redis-server exited: " + open(self.log.name).read())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not answer PING")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def postgres_bin() -> str:
    """The newest installed PostgreSQL server's bin folder."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise MissingBinary("PostgreSQL server is not installed: apt-get install postgresql "
                            "(scripts/test installs it when run as root)")
    return os.path.dirname(found[-1])


class Postgres:
    """A fresh PostgreSQL cluster on 127.0.0.1 with one empty database, `rembuk`.

    `durable=False` turns fsync off: fine for tests, not for benchmark figures.
    """

    def __init__(self, durable: bool = True):
        self.bin = postgres_bin()
        self.folder = tempfile.mkdtemp(prefix="rembuk-pg-")
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            # The server runs as `postgres`: it must own its folder (mkdtemp makes it 0700).
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
        options += " -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", os.path.join(self.folder, "server.log"),
                  "-w", "-t", "60", "start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "rembuk")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/rembuk"

    def postmaster(self) -> int:
        """The server's main process id."""
        with open(os.path.join(self.data, "postmaster.pid")) as fh:
            return int(fh.readline())

    def new_database(self, name: str) -> str:
        """Create another empty database; returns its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, tool: str, *args: str) -> None:
        command = [os.path.join(self.bin, tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.folder)
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed:\n{result.stdout}{result.stderr}")

    def stop(self) -> None:
        """Stop the cluster and remove its folder."""
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class Nginx:
    """Debian's nginx as a throwaway reverse proxy on 127.0.0.1, in front of `upstreams`
    (`host:port`), with the sticky `/socket.io` set-up of docs/deployment.md.

    `hash_key` is the nginx variable the upstream hashes on: docs/deployment.md uses
    `$remote_addr`; tests, whose clients all come from 127.0.0.1, hash on a request header
    instead so that their phones spread over the processes.
    """

    def __init__(self, upstreams: list[str], hash_key: str = "$remote_addr"):
        binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
        if binary is None:
            raise MissingBinary("nginx is not installed: apt-get install nginx (scripts/test installs it when run as root)")
        self.folder = tempfile.mkdtemp(prefix="rembuk-nginx-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        servers = "\n".join(f"        server {u} max_fails=1 fail_timeout=30s;" for u in upstreams)
        user = "user root;" if os.geteuid() == 0 else ""
        config = f"""
{user}
worker_processes 1;
daemon off;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log {self.folder}/access.log;
    client_body_temp_path {self.folder}/body;
    proxy_temp_path {self.folder}/proxy;
    fastcgi_temp_path {self.folder}/fastcgi;
    uwsgi_temp_path {self.folder}/uwsgi;
    scgi_temp_path {self.folder}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream rembuk {{
        hash {hash_key} consistent;
{servers}
    }}
    server {{
        listen 127.0.0.1:{self.port};
        client_max_body_size 1m;
        location / {{
            proxy_pass http://rembuk;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
        }}
        location /socket.io {{
            proxy_pass http://rembuk/socket.io;
            proxy_http_version 1.1;
            proxy_buffering off;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""
        self.config = os.path.join(self.folder, "nginx.conf")
        with open(self.config, "w") as fh:
            fh.write(config)
        self.log = open(os.path.join(self.folder, "stderr.log"), "w")
        self.process = subprocess.Popen([binary, "-c", self.config, "-p", self.folder, "-e", f"{self.folder}/error.log"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited: " + open(os.path.join(self.folder, "error.log")).read())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not listen")

    def stop(self) -> None:
        """Stop nginx and remove its folder."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
