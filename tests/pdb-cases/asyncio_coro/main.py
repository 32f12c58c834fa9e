import asyncio

async def fetch(n):
    await asyncio.sleep(0)
    return n * 10

async def main():
    results = []
    for n in range(2):
        value = await fetch(n)
        results.append(value)
    return results

print(asyncio.run(main()))
