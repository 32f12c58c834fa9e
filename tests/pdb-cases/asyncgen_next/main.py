import asyncio


async def numbers():
    yield 1
    await asyncio.sleep(0)
    yield 2


async def reader():
    async for n in numbers():
        print(n)


async def top():
    await reader()


def main():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(top())
    loop.close()
    print("finished")


main()
