#!/usr/bin/python3
"""Every relative link in README.md and docs/*.md names a file or directory
that exists, and every #anchor a heading of the file it points into (GitHub's
heading ids).  Links inside code spans and fenced blocks are not links.
Usage: tests/doc_links.py [ROOT]"""
import glob, os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
docs = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")

def prose(path):
    """The file's lines outside fenced blocks, with code spans removed."""
    out, fence = [], False
    for line in open(path, encoding="utf-8"):
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
            continue
        out.append("" if fence else re.sub(r"(`+).*?\1", "", line))
    return out

def heading_text_ids(path):
    # Headings keep their code spans' text in GitHub's ids.
    ids, seen = set(), {}
    fence = False
    for line in open(path, encoding="utf-8"):
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
            continue
        m = None if fence else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        ids.add(slug if n == 0 else "%s-%d" % (slug, n))
    return ids

fail = links = 0
for doc in docs:
    for no, line in enumerate(prose(doc), 1):
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # https:, mailto: ...
            links += 1
            path, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(doc), path)) if path else doc
            where = "%s:%d: %s" % (os.path.relpath(doc, root), no, target)
            if not os.path.exists(dest):
                print("FAIL: %s: no such file" % where)
                fail += 1
            elif anchor and (not dest.endswith(".md") or anchor not in heading_text_ids(dest)):
                print("FAIL: %s: no heading with that id" % where)
                fail += 1
print("doc_links: %d links in %d files, %d broken" % (links, len(docs), fail))
sys.exit(1 if fail or not links else 0)
