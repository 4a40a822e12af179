"""Helpers the independent checks (tests/*/independent/check_against_corridor.py) share:
reading and writing case files byte for byte, and the GasLib variants' one edit of a source.
Python's standard library only."""
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
