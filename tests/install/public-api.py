#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The public API of libvirtboard, three ways, which must agree.

  public-api.py headers HEADER...         functions and extern data the
                                          headers declare
  public-api.py map MAPFILE               symbols the version script exports
  public-api.py check LIB.so MAP HEADER...

'check' fails unless the symbols declared in the installed headers,
the global symbols of the version script, and the symbols the shared
library defines (nm -D --defined-only) are the same set.
"""
import re
import shutil
import subprocess
import sys

# A prototype at file scope: "type name(" at the start of a line, not a
# typedef, a static inline helper or a G_DEFINE_* macro.
PROTO = re.compile(r'^(?!typedef|static|G_|#|\s)[A-Za-z_][\w\s\*]*?'
                   r'\b([a-z_][a-z0-9_]*)\s*\(', re.M)
# Data: "extern const type name[...];"
DATA = re.compile(r'^extern\s[\w\s\*]*?\b([a-z_][a-z0-9_]*)\s*[\[;]', re.M)


def header_functions(paths):
    names = set()
    for p in paths:
        with open(p, encoding='utf-8') as f:
            text = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.S)
        names.update(PROTO.findall(text))
        names.update(DATA.findall(text))
    return names


def map_symbols(path):
    with open(path, encoding='utf-8') as f:
        text = re.sub(r'#.*', '', f.read())
    m = re.search(r'global:(.*?)local:', text, re.S)
    if not m:
        sys.exit(f'{path}: no global:/local: sections')
    return {s.strip() for s in m.group(1).split(';') if s.strip()}


def lib_symbols(path):
    nm = shutil.which('nm')
    if not nm:
        print('nm not found (binutils)', file=sys.stderr)
        sys.exit(77)
    out = subprocess.run([nm, '-D', '--defined-only', path], check=True,
                         capture_output=True, text=True).stdout
    syms = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'TDBRVWi':
            syms.add(parts[2].split('@')[0])
    # the version node itself shows up as an absolute symbol
    return {s for s in syms if not s.startswith('LIBVIRTBOARD_')}


def report(what, a_name, a, b_name, b):
    ok = True
    for s in sorted(a - b):
        print(f'{what}: {s} in {a_name} but not in {b_name}')
        ok = False
    return ok


def main(argv):
    if len(argv) >= 2 and argv[1] == 'headers':
        print('\n'.join(sorted(header_functions(argv[2:]))))
        return 0
    if len(argv) == 3 and argv[1] == 'map':
        print('\n'.join(sorted(map_symbols(argv[2]))))
        return 0
    if len(argv) >= 5 and argv[1] == 'check':
        lib = lib_symbols(argv[2])
        mapped = map_symbols(argv[3])
        hdr = header_functions(argv[4:])
        ok = all([report('api', 'the headers', hdr, 'the map', mapped),
                  report('api', 'the map', mapped, 'the headers', hdr),
                  report('api', 'the map', mapped, argv[2], lib),
                  report('api', argv[2], lib, 'the map', mapped)])
        print(f'{len(hdr)} symbols declared, {len(mapped)} in the map, '
              f'{len(lib)} exported')
        return 0 if ok else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
