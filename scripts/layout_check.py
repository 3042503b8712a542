"""The layout limits of the architecture: short functions, short modules, short template lines.

Run by ``make lint``; ``--report`` prints the figures without failing.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = ("liveblog", "stories")
MAX_FUNCTION_LINES = 40
MAX_MODULE_LINES = 300
MAX_TEMPLATE_LINE = 160


def app_modules():
    for directory in APP_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def function_lengths(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            # From the def (or its first decorator) to its last line.
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            yield node.name, start, node.end_lineno - start + 1


def main(report_only: bool) -> int:
    problems = []
    longest = ("", 0)
    module_sizes = []
    for path in app_modules():
        name = path.relative_to(ROOT)
        lines = len(path.read_text().splitlines())
        module_sizes.append((lines, str(name)))
        if lines > MAX_MODULE_LINES:
            problems.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
        for function, start, length in function_lengths(path):
            if length > longest[1]:
                longest = (f"{name}:{start} {function}", length)
            if length > MAX_FUNCTION_LINES:
                problems.append(
                    f"{name}:{start}: {function} has {length} lines (at most {MAX_FUNCTION_LINES})"
                )
    long_template_lines = 0
    for path in sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.xml")
    ):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if len(line) > MAX_TEMPLATE_LINE:
                long_template_lines += 1
                problems.append(
                    f"{path.relative_to(ROOT)}:{number}: {len(line)} characters "
                    f"(at most {MAX_TEMPLATE_LINE})"
                )
    module_sizes.sort(reverse=True)
    print(f"longest function: {longest[1]} lines ({longest[0]})")
    print("largest modules: " + ", ".join(f"{n} {p}" for n, p in module_sizes[:5]))
    print(f"template lines over {MAX_TEMPLATE_LINE} characters: {long_template_lines}")
    if report_only:
        return 0
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main("--report" in sys.argv))
