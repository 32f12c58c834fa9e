import asyncio


async def chatter():
    print("a")
    await asyncio.sleep(0)
    print("b")
    await asyncio.sleep(0)
    print("c")
    await asyncio.sleep(0)
    print("d")


async def top():
    await chatter()


def main():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(top())
    loop.close()
    print("finished")


main()
