"""A long mixed load on the gateway, with clients that give up, for benchmarks/run-soak.sh.

Workers call the gateway over fresh connections, as many mobile clients do, and meet ever new classrooms: a room is
opened every 1/ROOMS_PER_SECOND s, its teacher creates it by joining, and its teacher and 20 students use it while it
is among the WINDOW newest. Every tenth room's id starts with "slow-", which the proxy in front of the emulator
(slow_proxy.py) holds for a few seconds. The mix: joins, resource reads and writes, forwarded reads (sequences), room
details, RTM tokens, property writes, dirty kicks, room streams (by JWT and by ticket) held for a while and closed, and
clients that give up: in the middle of a request body, while Agora is answering a slow room, and in the middle of a
stream; invalid JWTs (another key, expired, not a JWT); refusals (a room outside the claims, bad input, a missing room).
Every 30 s one line of counts per kind of answer goes to standard output.

Usage: python3 mixed_load.py <host> <port> <seconds> <workers>; AUTH_ISSUER, AUTH_AUDIENCE, AUTH_SIGNING_KEY as in
benchmarks/lib.sh.
"""
import asyncio
import base64
import collections
import hashlib
import hmac
import json
import os
import random
import socket
import struct
import sys
import time

HOST, PORT, SECONDS, WORKERS = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
ROOMS_PER_SECOND = float(os.environ.get("ROOMS_PER_SECOND", "12"))
WINDOW = 40
STUDENTS = 20
KEY = base64.b64decode(os.environ["AUTH_SIGNING_KEY"])
OTHER_KEY = hashlib.sha256(b"not the school's key").digest()
RUN = format(int(time.time()) % 100000, "05d")

started = time.monotonic()
counts = collections.Counter()
created = set()
jwts = {}
users = set()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(sub, role, rooms, lifetime=7200, key=KEY, issued=None):
    now = int(time.time()) if issued is None else issued
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"iss": os.environ["AUTH_ISSUER"], "aud": os.environ["AUTH_AUDIENCE"], "sub": sub,
                                 "role": [role], "rooms": rooms, "name": sub, "iat": now, "nbf": now - 60,
                                 "exp": now + lifetime}).encode())
    signature = b64url(hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def room_id(n):
    return f"{'slow' if n % 10 == 0 else 'soak'}-{RUN}-{n}"


def newest_room():
    return int((time.monotonic() - started) * ROOMS_PER_SECOND)


def jwt_of(sub, role, room):
    """Each user keeps the JWT it was given, as a client does, until it has been used for a while."""
    token = jwts.get(sub)
    if token is None:
        if len(jwts) > 50000:
            jwts.clear()
        token = jwts[sub] = sign(sub, role, [room])
        users.add(sub)
    return token


def teacher(n):
    return jwt_of(f"t-{RUN}-{n}", "teacher", room_id(n))


def student(n, k=None):
    k = random.randrange(STUDENTS) if k is None else k
    return f"s-{RUN}-{n}-{k}", jwt_of(f"s-{RUN}-{n}-{k}", "student", room_id(n))


def request_bytes(method, path, token=None, body=None, headers=()):
    lines = [f"{method} /api/v1{path} HTTP/1.1", f"host: {HOST}:{PORT}", "connection: close"]
    if token:
        lines.append(f"authorization: Bearer {token}")
    if body is not None:
        lines += ["content-type: application/json", f"content-length: {len(body)}"]
    lines += list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")


async def connect():
    reader, writer = await asyncio.open_connection(HOST, PORT)
    return reader, writer


def reset(writer):
    """Closes with a TCP reset, as a client killed or a phone losing its network does, rather than a clean FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.close()


async def call(kind, method, path, token=None, body=None, headers=()):
    reader, writer = await connect()
    try:
        writer.write(request_bytes(method, path, token, body, headers))
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 30)
        status = answer[9:12].decode() if answer.startswith(b"HTTP/1.1 ") else "???"
        counts[f"{kind} {status}"] += 1
        return status, answer
    except (asyncio.TimeoutError, ConnectionError) as error:
        counts[f"{kind} {type(error).__name__}"] += 1
        return None, b""
    finally:
        writer.close()


async def ensure_room(n):
    if n in created:
        return
    created.add(n)
    body = json.dumps({"roomName": f"Soak {n}", "roomType": 4}).encode()
    await call("create-join", "POST", f"/rooms/{room_id(n)}/join", teacher(n), body)


async def stream(kind, n, path, token, hold):
    """A room's stream held for a while, then closed cleanly or reset."""
    reader, writer = await connect()
    try:
        writer.write(request_bytes("GET", path, token, headers=["accept: text/event-stream"]))
        await writer.drain()
        first = await asyncio.wait_for(reader.read(256), 15)
        counts[f"{kind} {first[9:12].decode() if first.startswith(b'HTTP/1.1 ') else '???'}"] += 1
        deadline = time.monotonic() + hold
        while time.monotonic() < deadline:
            try:
                if not await asyncio.wait_for(reader.read(4096), max(0.05, deadline - time.monotonic())):
                    break
            except asyncio.TimeoutError:
                break
    except (asyncio.TimeoutError, ConnectionError) as error:
        counts[f"{kind} {type(error).__name__}"] += 1
    finally:
        reset(writer) if random.random() < 0.5 else writer.close()


async def give_up_mid_body(n):
    """Declares a body and sends a part of it, then goes."""
    body = json.dumps({"resourceName": "Notes", "size": 1, "ext": "pdf", "url": "https://files.school.example/n.pdf"}).encode()
    reader, writer = await connect()
    head = request_bytes("PUT", f"/rooms/{room_id(n)}/resources/r-{random.randrange(5)}", teacher(n), body)
    writer.write(head[: len(head) - len(body) // 2])
    await writer.drain()
    await asyncio.sleep(random.uniform(0.05, 0.5))
    counts["abort-mid-body"] += 1
    reset(writer) if random.random() < 0.5 else writer.close()


async def give_up_mid_forward(n):
    """Asks about a slow room and goes while the gateway waits for Agora."""
    n -= n % 10
    await ensure_room(n)
    reader, writer = await connect()
    path = random.choice([f"/rooms/{room_id(n)}/sequences", f"/rooms/{room_id(n)}/resources", f"/rooms/{room_id(n)}"])
    writer.write(request_bytes("GET", path, teacher(n)))
    await writer.drain()
    await asyncio.sleep(random.uniform(0.2, 2.0))
    counts["abort-mid-forward"] += 1
    reset(writer) if random.random() < 0.5 else writer.close()


async def one(n):
    r = random.random()
    room = room_id(n)
    if r < 0.14:
        await call("student-join", "POST", f"/rooms/{room}/join", student(n)[1], b"")
    elif r < 0.26:
        await call("resources-read", "GET", f"/rooms/{room}/resources", student(n)[1])
    elif r < 0.32:
        body = json.dumps({"resourceName": "Slides", "size": 2048, "ext": "pdf",
                           "url": "https://files.school.example/s.pdf"}).encode()
        await call("resources-write", "PUT", f"/rooms/{room}/resources/r-{random.randrange(5)}", teacher(n), body)
    elif r < 0.40:
        await call("sequences", "GET", f"/rooms/{room}/sequences", teacher(n))
    elif r < 0.46:
        await call("room-details", "GET", f"/rooms/{room}", student(n)[1])
    elif r < 0.54:
        await call("rtm-token", "POST", "/rtm-token", student(n)[1], b"")
    elif r < 0.57:
        body = json.dumps({"properties": {"quiz.open": random.randrange(2)}}).encode()
        await call("properties", "PUT", f"/rooms/{room}/properties", teacher(n), body)
    elif r < 0.59:
        body = json.dumps({"dirty": {"state": 1, "duration": 30}}).encode()
        await call("kick", "POST", f"/rooms/{room}/users/{student(n)[0]}/exit", teacher(n), body)
    elif r < 0.64:
        await stream("stream", n, f"/rooms/{room}/events/stream", student(n)[1], random.uniform(0.2, 8))
    elif r < 0.67:
        status, answer = await call("ticket", "POST", f"/rooms/{room}/events/ticket", student(n)[1], b"")
        ticket = answer.split(b'"ticket":"', 1)[1].split(b'"', 1)[0].decode() if b'"ticket":"' in answer else "x"
        if random.random() < 0.8:
            await stream("stream-by-ticket", n, f"/rooms/{room}/events/stream?ticket={ticket}", None, random.uniform(0.2, 5))
    elif r < 0.72:
        await give_up_mid_body(n)
    elif r < 0.76:
        await give_up_mid_forward(n)
    elif r < 0.82:
        token = random.choice([
            sign(f"x-{RUN}-{n}", "teacher", [room], key=OTHER_KEY),
            sign(f"x-{RUN}-{n}", "teacher", [room], lifetime=60, issued=int(time.time()) - 3600),
            "not-a-jwt." + b64url(os.urandom(12)),
        ])
        await call("invalid-jwt", "GET", f"/rooms/{room}/resources", token)
    else:
        refusal = random.randrange(4)
        if refusal == 0:
            await call("refused-other-room", "GET", f"/rooms/{room_id(n + 100000)}/resources", student(n)[1])
        elif refusal == 1:
            body = json.dumps({"resourceName": "Virus", "size": 1, "ext": "exe", "url": "https://x.example/v.exe"}).encode()
            await call("refused-bad-input", "PUT", f"/rooms/{room}/resources/r-0", teacher(n), body)
        elif refusal == 2:
            await call("refused-student-write", "PUT", f"/rooms/{room}/states/1", student(n)[1], b"")
        else:
            await call("missing-user", "GET", f"/rooms/{room}/users/nobody-{n}", teacher(n))


async def worker():
    while time.monotonic() - started < SECONDS:
        newest = newest_room()
        n = random.randint(max(0, newest - WINDOW), newest)
        try:
            await ensure_room(n)
            await one(n)
        except (ConnectionError, OSError) as error:
            counts[f"driver {type(error).__name__}"] += 1


async def report():
    while True:
        await asyncio.sleep(30)
        print(json.dumps({"elapsedSeconds": round(time.monotonic() - started), "rooms": len(created),
                          "users": len(users), "counts": dict(sorted(counts.items()))}), flush=True)


async def main():
    reporter = asyncio.create_task(report())
    await asyncio.gather(*(worker() for _ in range(WORKERS)))
    reporter.cancel()
    print(json.dumps({"elapsedSeconds": round(time.monotonic() - started), "rooms": len(created),
                      "users": len(users), "counts": dict(sorted(counts.items()))}), flush=True)


asyncio.run(main())
