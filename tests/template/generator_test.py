"""`rampart new` (scripts/new_service.py) generates each variant into a temporary folder; the
trees are checked against the manifest, for markers, the old name and the derived names, and
every refusal is one line that writes nothing. No build: ctest `template.generator`."""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "new_service.py"
sys.path.insert(0, str(ROOT / "scripts"))

from service_template import generate, manifest as manifest_module  # noqa: E402
from service_template import json_markers  # noqa: E402
from service_template.markers import MarkerError, apply  # noqa: E402
from service_template.naming import Names, rename  # noqa: E402
from service_template.request import Refusal, parse, reserved_names  # noqa: E402

MANIFEST = manifest_module.load()
FILES = generate.tracked_files(ROOT)

SMALLEST = ["--db", "sqlite", "--cache", "memory", "--queue", "local", "--iam", "none",
            "--no-deploy"]
VARIANTS = {
    "largest": [],
    "smallest": SMALLEST,
    "largest_none": ["--iam", "none"],
    "postgres_full": ["--db", "postgres"],
    "postgres_none": ["--db", "postgres", "--iam", "none", "--cache", "memory", "--queue", "local",
                      "--no-deploy"],
    "sqlite_full": ["--db", "sqlite", "--cache", "memory", "--queue", "local", "--no-deploy"],
    "sqlite_redis_sqs": ["--db", "sqlite", "--cache", "redis", "--queue", "sqs", "--no-deploy"],
    "memory_sqs_deploy": ["--cache", "memory", "--queue", "sqs", "--deploy"],
    "redis_local_deploy": ["--cache", "redis", "--queue", "local", "--deploy"],
}


def run(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True,
                          text=True, cwd=cwd, check=False)


def features_of(arguments: list[str]) -> frozenset:
    return parse(["x", *arguments], MANIFEST, frozenset(), cwd=Path("/nonexistent")).features


_TEXTS: dict[Path, list] = {}


def text_files(tree: Path) -> list:
    """(path, text) of every text file of a generated tree but the fuzz corpora, read once."""
    if tree not in _TEXTS:
        texts = []
        for path in sorted(tree.rglob("*")):
            if path.is_file() and "fuzz/corpus" not in path.as_posix():
                try:
                    texts.append((path, path.read_text()))
                except UnicodeDecodeError:
                    continue
        _TEXTS[tree] = texts
    return _TEXTS[tree]


def rename_back(path: str) -> str:
    """The template's path of a generated file (the test generates "orders")."""
    return path.replace("orders", "rampart")


def scratch() -> str | None:
    """A memory-backed folder for the generated trees when there is one (thousands of files)."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def setting_keys(tree: Path) -> tuple[set, set, set]:
    """The setting keys of the C++ table, of the generated defaults file and of the docs."""
    table = set()
    for source in (tree / "src/main/config").glob("*.cpp"):
        code = source.read_text()
        table.update(re.findall(r'(?:Entry|Info)\(\s*"([a-z0-9_.]+)"', code))
        # outbound.<dependency>.<field>: one AppendPolicy per dependency, fields as key("...").
        fields = re.findall(r'key\("([a-z_]+)"\)', code)
        for name in re.findall(r'AppendPolicy\(table, "([a-z_]+)"', code):
            table.update(f"outbound.{name}.{field}" for field in fields)
    toml, section = set(), ""
    for line in (tree / "config" / "orders.toml").read_text().splitlines():
        header = re.match(r"^\[([a-z0-9_]+)\]$", line)
        if header:
            section = header.group(1)
        key = re.match(r'^#([a-z0-9_."]+) = ', line)
        if key:
            name = key.group(1).strip('"')
            toml.add(f"{section}.{name}" if section else name)
    doc = (tree / "docs/configuration.md").read_text()
    doc = doc[doc.index("<!-- settings:begin -->"):doc.index("<!-- settings:end -->")]
    docs = set(re.findall(r"^\| `([a-z0-9_.]+)` \| `", doc, re.MULTILINE))
    # The feature flags' entries are generated from their catalogue, not written as Entry("...").
    flags = {key for key in toml | docs if key.startswith("features.")}
    return table - flags, toml - flags, docs - flags


class Variants(unittest.TestCase):
    """Each variant generated once into a temporary folder."""

    @classmethod
    def setUpClass(cls):
        cls.temp = tempfile.TemporaryDirectory(prefix="template-test-", dir=scratch())
        cls.trees = {}
        for variant, arguments in VARIANTS.items():
            tree = Path(cls.temp.name) / variant / "orders"
            result = run("orders", "--dir", str(tree), *arguments)
            if result.returncode != 0:
                raise AssertionError(f"{variant}: {result.stderr.strip()}")
            cls.trees[variant] = (tree, features_of(arguments))

    @classmethod
    def tearDownClass(cls):
        cls.temp.cleanup()

    def test_files_are_those_the_manifest_keeps(self):
        names = Names("orders")
        for variant, (tree, features) in self.trees.items():
            with self.subTest(variant=variant):
                expected = {rename(f, names) for f in FILES if MANIFEST.keeps(f, features)}
                present = {p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()}
                self.assertEqual(sorted(present - expected), [], "files the manifest removes")
                self.assertEqual(sorted(expected - present), [], "files missing")
                self.assertFalse((tree / "scripts/new_service.py").exists())
                self.assertFalse((tree / "docs/template.md").exists())

    def test_no_marker_and_no_old_name(self):
        for variant, (tree, _) in self.trees.items():
            with self.subTest(variant=variant):
                found = [f"{path}:{number}: {line.strip()[:100]}"
                         for path, text in text_files(tree)
                         for number, line in enumerate(text.splitlines(), start=1)
                         if re.search(r"(?i)rampart|orders:(begin|else|end|only)\b", line)
                         and not (path.name == "README.md"
                                  and line.startswith(generate.ORIGIN_PREFIX))]
                self.assertEqual(found, [])

    def test_names_are_derived(self):
        for variant, (tree, features) in self.trees.items():
            with self.subTest(variant=variant):
                cmake = (tree / "CMakeLists.txt").read_text()
                self.assertIn("project(orders ", cmake)
                self.assertRegex(cmake, r"add_executable\(orders \$\{main_srcs\}\)")
                self.assertIn("orders_library(orders_domain src/domain)", cmake)
                self.assertIn("namespace orders {", (tree / "src/main/composition.hpp").read_text())
                self.assertTrue((tree / "config/orders.toml").is_file())
                self.assertIn("ORDERS_LISTEN", (tree / "config/orders.toml").read_text())
                self.assertIn('"DD_SERVICE", kString, "orders"',
                              (tree / "src/main/config/setting_table_runtime.cpp").read_text())
                readme = (tree / "README.md").read_text()
                self.assertTrue(readme.startswith("# orders\n"))
                self.assertIn(f"{generate.ORIGIN_PREFIX}", readme.splitlines()[-1])
                if "deploy" in features:
                    self.assertRegex((tree / "compose.yaml").read_text(), r"(?m)^  orders:$")
                    self.assertIn('module "orders"',
                                  (tree / "deploy/terraform/service/main.tf").read_text())

    def test_settings_table_defaults_file_and_docs_agree(self):
        for variant, (tree, _) in self.trees.items():
            with self.subTest(variant=variant):
                table, toml, docs = setting_keys(tree)
                self.assertGreater(len(table), 100)
                self.assertEqual(sorted(table ^ toml), [], "the table and orders.toml differ")
                self.assertEqual(sorted(table ^ docs), [], "the table and the docs differ")

    def test_unchosen_adapters_leave_no_trace(self):
        absent_words = {
            # The word PostgreSQL itself may stay in prose (what a port guarantees on either
            # database); code, files and settings of the adapter may not.
            "postgres": [r"postgres(?!QL)|Postgres(?!QL)|POSTGRES", r"libpq", r"PostgreSQL::",
                         r"\bPg[A-Z]\w*", r"postgresql://"],
            "sqlite": [r"\bSqlite(Database|UnitOfWork|UseCase)\w*", r"sqlite_use_case_harness",
                       r"migrations/sqlite", r"rampart_sqlite\b", r"DefaultSqliteUrl"],
            "redis": [r"redis|Redis|REDIS"],
            "sqs": [r"sqs|Sqs|SQS", r"fauxqs"],
            "deploy": [r"Dockerfile", r"(?i)terraform", r"deploy-check"],
            "iam": [r"/api/v1/(users|roles|sessions|api-keys)", r"(?i)argon2", r"(?i)refresh token",
                    r"\bKeyRing\b", r"(?i)\blockout"],
        }
        for variant, (tree, features) in self.trees.items():
            for feature, words in absent_words.items():
                if feature in features:
                    continue
                with self.subTest(variant=variant, feature=feature):
                    found = [f"{path}:{number}: {line.strip()[:100]}"
                             for path, text in text_files(tree)
                             if not MANIFEST.is_trace_exempt(
                                 rename_back(path.relative_to(tree).as_posix()), feature)
                             for number, line in enumerate(text.splitlines(), start=1)
                             if any(re.search(word, line) for word in words)]
                    self.assertEqual(found[:10], [], f"{len(found)} lines")

    def test_every_library_a_target_names_is_a_target_of_the_tree(self):
        """A library of an unchosen feature left in a LIBS list configures (CMake takes an
        unknown name for -l<name>) and fails only at the link: found here in seconds."""
        for variant, (tree, _) in self.trees.items():
            with self.subTest(variant=variant):
                text = "\n".join(re.sub(r"#.*", "", path.read_text())
                                 for path in tree.rglob("CMakeLists.txt"))
                defined = set(re.findall(
                    r"\b(?:add_library|add_executable|add_custom_target|function|macro|"
                    r"orders_library|orders_test_suite)\(\s*(orders\w*)", text))
                used = set(re.findall(r"\b(orders_[a-z0-9_]+)\b", text))
                self.assertEqual(sorted(used - defined), [])

    def test_every_file_a_cmake_file_names_is_in_the_tree(self):
        """A test whose script the tree does not have configures and fails only when it runs."""
        for variant, (tree, _) in self.trees.items():
            with self.subTest(variant=variant):
                missing = []
                for path in tree.rglob("CMakeLists.txt"):
                    text = re.sub(r"#.*", "", path.read_text())
                    for name in re.findall(r"\$\{PROJECT_SOURCE_DIR\}/([\w./*-]+)", text):
                        if "*" not in name and not (tree / name).exists():
                            missing.append(f"{path.relative_to(tree)}: {name}")
                    for name in re.findall(r"\$\{CMAKE_CURRENT_SOURCE_DIR\}/([\w./*-]+)", text):
                        if "*" not in name and not (path.parent / name).exists():
                            missing.append(f"{path.relative_to(tree)}: {name}")
                self.assertEqual(sorted(set(missing)), [])

    def test_marked_scripts_still_parse(self):
        """The JavaScript, shell and JSON files whose template has markers parse in every
        variant (node --check, bash -n, json): a marker that cut a statement in half fails."""
        marked = [f for f in FILES if f.endswith((".mjs", ".sh", ".json"))
                  and not MANIFEST.is_verbatim(f) and re.search(
                      r"rampart:(begin|else|end|only)", (ROOT / f).read_text(errors="replace"))]
        self.assertTrue(marked)
        names = Names("orders")
        for variant, (tree, _) in self.trees.items():
            for source in marked:
                path = tree / rename(source, names)
                if not path.exists():
                    continue
                with self.subTest(variant=variant, path=source):
                    if source.endswith(".json"):
                        json.loads(path.read_text())
                        continue
                    command = ["node", "--check"] if source.endswith(".mjs") else ["bash", "-n"]
                    result = subprocess.run([*command, str(path)], capture_output=True, text=True)
                    self.assertEqual(result.returncode, 0, result.stderr)

    def test_underscored_name_takes_each_form(self):
        tree = Path(self.temp.name) / "order_service"
        result = run("order_service", "--dir", str(tree), "--no-deploy")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("namespace order_service {",
                      (tree / "src/main/composition.hpp").read_text())
        self.assertIn("ORDER_SERVICE_LISTEN", (tree / "config/order_service.toml").read_text())
        self.assertIn("add_executable(order_service ", (tree / "CMakeLists.txt").read_text())


class Refusals(unittest.TestCase):
    """Each refusal: exit 2, one line on stderr, nothing written."""

    def refuse(self, *arguments: str, existing: bool = False) -> str:
        with tempfile.TemporaryDirectory(prefix="template-refusal-") as temp:
            target = Path(temp) / "out"
            if existing:
                target.mkdir()
                (target / "keep.txt").write_text("mine")
            result = run(*arguments, "--dir", str(target), cwd=Path(temp))
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertEqual(result.stdout, "")
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
            left = sorted(p.name for p in Path(temp).iterdir())
            self.assertEqual(left, ["out"] if existing else [], "something was written")
            if existing:
                self.assertEqual(sorted(p.name for p in target.iterdir()), ["keep.txt"])
            return result.stderr

    def test_bad_names(self):
        for name in ["Orders", "1orders", "order-service", "orders_", "int", "namespace",
                     "rampart", "domain", "std", "test", "a" * 21, "domain_tests"]:
            with self.subTest(name=name):
                self.assertIn(name[:20], self.refuse(name))

    def test_existing_folder_with_files(self):
        self.assertIn("not an empty folder", self.refuse("orders", existing=True))

    def test_unknown_values_and_options(self):
        self.assertIn("--db", self.refuse("orders", "--db", "mysql"))
        self.assertIn("--cache", self.refuse("orders", "--cache=disk"))
        self.assertIn("--bogus", self.refuse("orders", "--bogus"))
        self.assertIn("missing", self.refuse())

    def test_deploy_needs_postgres(self):
        self.assertIn("--deploy needs", self.refuse("orders", "--db", "sqlite", "--deploy"))

    def test_an_empty_folder_is_used(self):
        with tempfile.TemporaryDirectory(prefix="template-empty-", dir=scratch()) as temp:
            target = Path(temp) / "out"
            target.mkdir()
            result = run("orders", "--dir", str(target), "--no-deploy")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue((target / "CMakeLists.txt").is_file())
            self.assertEqual(sorted(p.name for p in Path(temp).iterdir()), ["out"])


class PlatformWithoutIdentity(unittest.TestCase):
    """`--iam none`: every C++ include of the tree names a file the tree has (the smallest
    variant builds in `make template-check`; this finds a missing file in seconds)."""

    def test_every_include_resolves_without_the_identity_domain(self):
        for variant in ("smallest", "largest_none"):
            with self.subTest(variant=variant):
                self.check_includes(VARIANTS[variant])

    def check_includes(self, arguments: list[str]):
        request = parse(["orders", *arguments], MANIFEST, reserved_names(ROOT, FILES),
                        cwd=Path("/nonexistent"))
        outputs = generate.plan(ROOT, MANIFEST, request, FILES)
        paths = {output.path for output in outputs}
        self.assertNotIn("src/application/users/create_user.hpp", paths)
        self.assertIn("src/application/notes/create_note.hpp", paths)
        include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
        missing = []
        for output in outputs:
            if not output.path.endswith((".cpp", ".hpp", ".h", ".c")):
                continue
            folder = str(Path(output.path).parent)
            for header in include.findall(output.data.decode("utf-8", "replace")):
                candidates = [f"src/{header}", f"{folder}/{header}", header, f"tests/{header}",
                              f"fuzz/{header}"]
                if not any(os.path.normpath(c) in paths for c in candidates):
                    missing.append(f"{output.path}: {header}")
        self.assertEqual(missing, [])


class Markers(unittest.TestCase):
    KNOWN = frozenset({"redis", "postgres", "sqlite", "template"})

    def resolve(self, text: str, *features: str) -> str:
        return apply(text, frozenset(features), self.KNOWN)

    def test_block_else_and_line(self):
        text = ("a\n// rampart:begin(redis)\nb\n// rampart:else\n// c\n//   d\n// rampart:end\n"
                "e  // rampart:only(redis | postgres)\nf")
        self.assertEqual(self.resolve(text, "redis"), "a\nb\ne\nf")
        self.assertEqual(self.resolve(text), "a\nc\n  d\nf")

    def test_markdown_spans_inside_a_line(self):
        text = ("| `memory`<!-- rampart:begin(redis) --> or `redis`<!-- rampart:end --> |"
                "<!-- rampart:unless(redis): (one instance) --> x")
        self.assertEqual(apply(text, frozenset({"redis"}), self.KNOWN, inline=True),
                         "| `memory` or `redis` | x")
        self.assertEqual(apply(text, frozenset(), self.KNOWN, inline=True),
                         "| `memory` |(one instance) x")
        # A line that was only marked text goes: the paragraph stays one.
        text = "a:<!-- rampart:begin(redis) --> b<!-- rampart:end -->\n<!-- rampart:begin(redis) -->c<!-- rampart:end -->\n d\n\ne"
        self.assertEqual(apply(text, frozenset(), self.KNOWN, inline=True), "a:\n d\n\ne")
        self.assertEqual(apply(text, frozenset({"redis"}), self.KNOWN, inline=True), "a: b\nc\n d\n\ne")
        # What a removed span leaves at the end of a line goes: two spaces would break the line.
        text = "x:<!-- rampart:begin(redis) --> y<!-- rampart:end --> <!-- rampart:begin(redis) -->z<!-- rampart:end --> \nw"
        self.assertEqual(apply(text, frozenset(), self.KNOWN, inline=True), "x:\nw")

    def test_conditions_and_nesting(self):
        text = ("# rampart:begin(postgres & (redis | sqlite))\nx\n# rampart:begin(template | redis)\ny\n"
                "# rampart:end\n# rampart:end\n")
        self.assertEqual(self.resolve(text, "postgres", "sqlite"), "x\n")
        self.assertEqual(self.resolve(text, "postgres", "redis"), "x\ny\n")
        self.assertEqual(self.resolve(text, "postgres"), "")
        self.assertEqual(self.resolve("<!-- rampart:only(redis) -->\n| a | <!-- rampart:only(redis) -->",
                                      "redis"), "\n| a |")

    def test_json_objects_in_arrays(self):
        text = ('{\n  "panels": [\n    {\n      "id": 1\n    },\n    {\n      "id": 2,\n'
                '      "rampart:only": "redis"\n    }\n  ]\n}\n')
        self.assertEqual(json_markers.apply(text, frozenset({"redis"}), self.KNOWN),
                         text.replace(',\n      "rampart:only": "redis"', ""))
        self.assertEqual(json_markers.apply(text, frozenset(), self.KNOWN),
                         '{\n  "panels": [\n    {\n      "id": 1\n    }\n  ]\n}\n')
        with self.assertRaises(MarkerError):
            json_markers.apply(text.replace("redis", "mysql"), frozenset(), self.KNOWN)

    def test_malformed_markers_are_errors_with_their_line(self):
        for text, line in [("a\nb  // rampart:only(!redis)", 2),
                           ("// rampart:begin(!template)\nx\n// rampart:end", 1),("x\n// rampart:begin(redis)\n", 2), ("// rampart:end\n", 1),
                           ("// rampart:begin(mysql)\n// rampart:end", 1),
                           ("a\nb // rampart:onyl(redis)", 2), ("// rampart:begin()\n", 1),
                           ("# rampart:begin(redis)\n# rampart:else\nplain\n# rampart:end", 3),
                           ("# rampart:begin(redis)\n# rampart:else\n# x  # rampart:only(sqs)\n"
                            "# rampart:end", 3)]:
            with self.subTest(text=text):
                with self.assertRaises(MarkerError) as caught:
                    self.resolve(text)
                self.assertEqual(caught.exception.line, line)

    def test_every_marker_of_the_checkout_is_well_formed(self):
        """Every file's markers resolve for no feature and for all of them (balanced, known
        features), including files that only an untested choice keeps."""
        everything = MANIFEST.known
        for path in FILES:
            # The template's own files (the generator, this test) write markers as text.
            if MANIFEST.is_verbatim(path) or not MANIFEST.keeps(path, everything - MANIFEST.never):
                continue
            try:
                text = (ROOT / path).read_text()
            except UnicodeDecodeError:
                continue
            if "rampart:" not in text:
                continue
            for features in (frozenset(), everything):
                try:
                    if path.endswith(".json"):
                        json_markers.apply(text, features, everything)
                    else:
                        apply(text, features, everything, inline=path.endswith(".md"))
                except MarkerError as error:
                    self.fail(f"{path}:{error.line}: {error}")

    def test_no_marker_inside_a_markdown_code_span(self):
        """A marker between backticks would show in the rendered template as literal text (an
        HTML comment is text inside a code span): it goes around the span instead. Read as
        CommonMark does, left to right through each paragraph: a comment, or a code span."""
        found = []
        for path in FILES:
            if not path.endswith(".md") or not MANIFEST.keeps(path, MANIFEST.known - MANIFEST.never):
                continue
            paragraph, first, fenced = [], 0, False
            lines = (ROOT / path).read_text().split("\n") + [""]
            for number, line in enumerate(lines, start=1):
                if line.lstrip().startswith("```"):
                    fenced = not fenced
                    continue
                if fenced:
                    continue
                if line.strip():
                    first = first or number
                    paragraph.append(line)
                    continue
                text, at = "\n".join(paragraph), 0
                while at < len(text):
                    if text.startswith("<!--", at):
                        close = text.find("-->", at)
                        at = len(text) if close < 0 else close + 3
                    elif text[at] == "`":
                        run = len(text[at:]) - len(text[at:].lstrip("`"))
                        close = text.find("`" * run, at + run)
                        if close < 0:
                            at += run
                            continue
                        if "<!-- rampart:" in text[at:close]:
                            found.append(f"{path}:{first + text.count(chr(10), 0, at)}")
                        at = close + run
                    else:
                        at += 1
                paragraph, first = [], 0
        self.assertEqual(found, [])

    def test_no_markdown_line_starts_with_a_marker_and_goes_on_with_text(self):
        """A line (or a list item) that starts with `<!--` starts an HTML block in CommonMark: the
        text after the comment on that line renders as raw HTML (code spans and links shown as
        typed) and the paragraph is cut there. The marker goes at the end of the line before, or
        after the item's first words, instead."""
        found = []
        for path in FILES:
            if not path.endswith(".md") or not MANIFEST.keeps(path, MANIFEST.known - MANIFEST.never):
                continue
            fenced = False
            for number, line in enumerate((ROOT / path).read_text().split("\n"), start=1):
                if line.lstrip().startswith("```"):
                    fenced = not fenced
                start = re.match(r"\s*(?:(?:[-*+]|\d+[.)])\s+)?(<!-- rampart:.*)", line)
                if not fenced and start and re.sub(r"<!--.*?-->", "", start.group(1)).strip():
                    found.append(f"{path}:{number}")
        self.assertEqual(found, [])


class Naming(unittest.TestCase):
    def test_forms(self):
        names = Names("order_service")
        cases = {
            "RAMPART_LISTEN": "ORDER_SERVICE_LISTEN",
            "namespace rampart::config": "namespace order_service::config",
            "RampartServer": "OrderServiceServer",
            "#rampartdatabaseunavailable": "#orderservicedatabaseunavailable",
            "ci-rampart-plan": "ci-order-service-plan",
            "rampart.dev.example.com": "order-service.dev.example.com",
            "rampart.user.registered": "order_service.user.registered",
            "/usr/local/bin/rampart": "/usr/local/bin/order_service",
        }
        for old, new in cases.items():
            self.assertEqual(rename(old, names), new)

    def test_reserved_names_come_from_the_checkout(self):
        reserved = reserved_names(ROOT, FILES)
        for name in ["domain", "application", "infrastructure", "domain_tests", "postgres"]:
            self.assertIn(name, reserved)
        with self.assertRaises(Refusal):
            parse(["config"], MANIFEST, reserved, cwd=Path("/nonexistent"))


if __name__ == "__main__":
    os.environ.pop("RAMPART_TEMPLATE_DIR", None)
    unittest.main(verbosity=1)
