import asyncio


async def tick():
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await asyncio.sleep(0)


async def top():
    await tick()
    return "top done"


def main():
    loop = asyncio.new_event_loop()
    value = loop.run_until_complete(top())
    loop.close()
    print(value)


main()
