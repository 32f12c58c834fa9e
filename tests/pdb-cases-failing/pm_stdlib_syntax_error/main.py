import ast
ast.literal_eval("")
