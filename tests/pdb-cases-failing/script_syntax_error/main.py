def broken: pass
