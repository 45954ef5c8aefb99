"""CPU time of processes on this machine, read from /proc, for the benchmarks: on a shared machine the
wall time says what a request got, the CPU time what it cost."""

import os


def parent_and_cpu_seconds(pid: int) -> tuple[int, float] | None:
    """The process's parent and the CPU seconds it has used (user and system), or None when it cannot be
    read (gone, another machine's, or no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            # After the command name, in brackets: state, parent, ...; utime and stime are the 12th
            # and 13th fields from there (the 14th and 15th of the line).
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def all_processes() -> dict[int, tuple[int, float]]:
    """Every readable process: pid to (parent, CPU seconds)."""
    if not os.path.isdir("/proc"):
        return {}
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (read := parent_and_cpu_seconds(int(entry))) is not None:
            found[int(entry)] = read
    return found
