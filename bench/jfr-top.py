#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: the hottest frames by self time, and the hottest
project (org.hemacds) and library frames by inclusive time.

    python3 bench/jfr-top.py recording.jfr [top-n] [thread-substring]

Reads `jfr print --events jdk.ExecutionSample --stack-depth 64` (the JDK's jfr tool); a stack
deeper than 64 frames is cut there, so inclusive counts of outer frames are lower bounds.
"""
import collections
import re
import subprocess
import sys


def samples(path, thread_filter):
    text = subprocess.run(
        ["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for event in text.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        if thread_filter and (not thread or thread_filter not in thread.group(1)):
            continue
        frames = []
        stack = event.split("stackTrace = [", 1)
        if len(stack) < 2:
            continue
        for line in stack[1].splitlines()[1:]:
            line = line.strip()
            if line.startswith("]") or line == "...":
                break
            frames.append(re.sub(r"\s+line:.*$", "", line))
        if frames:
            yield frames


def method(frame):
    return re.sub(r"\(.*$", "", frame)


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    thread_filter = sys.argv[3] if len(sys.argv) > 3 else None
    self_counts = collections.Counter()
    inclusive = collections.Counter()
    total = 0
    for frames in samples(path, thread_filter):
        total += 1
        self_counts[method(frames[0])] += 1
        for name in {method(f) for f in frames}:
            inclusive[name] += 1
    print(f"{total} CPU samples" + (f" on threads matching '{thread_filter}'" if thread_filter else ""))
    if not total:
        return
    print(f"\nTop {top} frames by self time:")
    for name, n in self_counts.most_common(top):
        print(f"  {100 * n / total:5.1f}%  {name}")
    print(f"\nTop {top} org.hemacds frames by inclusive time:")
    ours = [(n, c) for n, c in inclusive.most_common() if n.startswith("org.hemacds.")]
    for name, n in ours[:top]:
        print(f"  {100 * n / total:5.1f}%  {name}")
    print(f"\nTop {top} library frames by inclusive time (HAPI, Jackson, UCUM, regex, Spring):")
    libs = re.compile(r"^(ca\.uhn|tools\.jackson|com\.fasterxml|org\.fhir\.ucum|java\.util\.regex"
                      r"|org\.springframework|org\.apache\.(catalina|coyote|tomcat)|com\.github\.benmanes)")
    shown = [(n, c) for n, c in inclusive.most_common() if libs.match(n)]
    for name, n in shown[:top]:
        print(f"  {100 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
