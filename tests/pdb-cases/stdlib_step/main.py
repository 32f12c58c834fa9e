import textwrap

text = textwrap.dedent("""
    hello
      world
""")
print(text)
