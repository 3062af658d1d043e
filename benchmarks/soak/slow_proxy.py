"""A TCP proxy in front of the emulator that makes some classrooms slow: every chunk the gateway sends that names a room
whose id starts with "slow-" reaches the emulator DELAY seconds late, so a client can give up while the gateway is
waiting for Agora. Everything else passes at once, both ways.

Usage: python3 slow_proxy.py <listen port> <emulator port> [<delay seconds>, 3]
"""
import asyncio
import sys

LISTEN, UPSTREAM = int(sys.argv[1]), int(sys.argv[2])
DELAY = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0


async def pipe(reader, writer, slow):
    try:
        while chunk := await reader.read(65536):
            if slow and b"/rooms/slow-" in chunk:
                await asyncio.sleep(DELAY)
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def accept(client_reader, client_writer):
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", UPSTREAM)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, upstream_writer, True), pipe(upstream_reader, client_writer, False))


async def main():
    server = await asyncio.start_server(accept, "127.0.0.1", LISTEN)
    async with server:
        await server.serve_forever()


asyncio.run(main())
