# SPDX-License-Identifier: GPL-2.0-or-later
"""Every command in docs/USAGE.md, run as written (bash, from a directory that has the
repository's captures/ and tools/), with tshark standing for tools/nxtshark (the plugin
from the build tree); each must print the lines shown under it and exit as shown."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from nxtshark import PLUGIN, TSHARK

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
USAGE = os.path.join(TOP, "docs", "USAGE.md")


def examples():
    """(command, expected lines, exit status) for every '$ ' line of the console blocks."""
    with open(USAGE, encoding="utf-8") as f:
        text = f.read()
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            lines = chunk.rstrip("\n").split("\n")
            status = 0
            expected = []
            for line in lines[1:]:
                m = re.fullmatch(r"\[exit status (\d+)\]", line)
                if m:
                    status = int(m.group(1))
                else:
                    expected.append(line.rstrip())
            out.append((lines[0], expected, status))
    return out


def version_neutral(line):
    """Wireshark 4.2 dropped the Elasticsearch mapping type from -T ek's index
    line; USAGE.md shows 4.0's output and says so."""
    return line.replace(',"_type":"doc"}', "}")


def matches(expected, actual):
    """Expected lines appear in order; '...' skips any number of lines; nothing else in between."""
    i, skipping = 0, False
    for want in expected:
        if want == "...":
            skipping = True
            continue
        while i < len(actual) and actual[i] != want:
            if not skipping:
                return "expected %r, got %r" % (want, actual[i])
            i += 1
        if i == len(actual):
            return "missing %r" % want
        i += 1
        skipping = False
    if not skipping and i != len(actual):
        return "unexpected %r" % actual[i]
    return None


class Usage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="nxtrace-usage-")
        os.symlink(os.path.join(TOP, "captures"), os.path.join(cls.work, "captures"))
        os.symlink(os.path.join(TOP, "tools"), os.path.join(cls.work, "tools"))
        cls.bin = os.path.join(cls.work, ".bin")
        os.makedirs(cls.bin)
        wrapper = os.path.join(cls.bin, "tshark")
        with open(wrapper, "w") as f:
            # tshark -> tools/nxtshark (which calls the real tshark: drop this directory from PATH).
            f.write('#!/bin/bash\nPATH="%s" exec "%s/tools/nxtshark" "$@" 2> >(grep -v "^Running as user" >&2)\n'
                    % (os.path.dirname(shutil.which(TSHARK) or "/usr/bin/tshark") + ":/usr/bin:/bin", TOP))
        os.chmod(wrapper, 0o755)
        cls.env = {"PATH": cls.bin + ":/usr/bin:/bin", "HOME": cls.work, "LC_ALL": "C.UTF-8", "TZ": "UTC",
                   "NXT_BUILD_DIR": os.path.dirname(PLUGIN)}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, True)

    def test_every_command(self):
        cases = examples()
        self.assertGreaterEqual(len(cases), 12)
        for command, expected, status in cases:
            with self.subTest(command=command):
                p = subprocess.run(["bash", "-c", command], cwd=self.work, env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, timeout=600)
                self.assertEqual(p.returncode, status, p.stderr)
                problem = matches([version_neutral(l) for l in expected],
                                  [version_neutral(l.rstrip()) for l in p.stdout.splitlines()])
                self.assertIsNone(problem, "%s\n--- output:\n%s" % (problem, p.stdout))

    def test_matcher(self):
        self.assertIsNone(matches(["a", "...", "c"], ["a", "b", "c"]))
        self.assertIsNotNone(matches(["a", "c"], ["a", "b", "c"]))
        self.assertIsNotNone(matches(["a"], ["a", "b"]))
        self.assertIsNone(matches(["a", "..."], ["a", "b"]))


if __name__ == "__main__":
    unittest.main()
