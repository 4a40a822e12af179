"""Helpers the independent checks (tests/*/independent/check_*.py) share: their command line,
reading and writing case files byte for byte, and the GasLib variants' one edit of a source.
Python's standard library only."""
import argparse
import re


def read_text(path):
    with open(path, newline='') as f:
        return f.read()


def write_text(path, text):
    with open(path, 'w', newline='') as f:
        f.write(text)


def edit_source(text, source_id, **values):
    """A copy of .net text with values of one source's children replaced."""
    i = text.index('id="%s"' % source_id)
    j = text.index('</source>', i)
    block = text[i:j]
    for tag, value in values.items():
        block, n = re.subn(r'(<%s\b[^>]*value=")[^"]*(")' % tag, r'\g<1>%s\g<2>' % value, block)
        if n != 1:
            raise RuntimeError('variant: %s of %s not found once' % (tag, source_id))
    return text[:i] + block + text[j:]


def check_arguments(doc, data='--gaslib'):
    """A check's command line: --corridor BIN, its data folder (`data`), --work DIR; `doc`'s
    first paragraph is the help's description."""
    ap = argparse.ArgumentParser(description=doc.split('\n\n')[0])
    ap.add_argument('--corridor', required=True)
    ap.add_argument(data, required=True)
    ap.add_argument('--work', required=True)
    return ap.parse_args()
