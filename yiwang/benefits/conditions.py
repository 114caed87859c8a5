"""The condition language of recommendation and benefit rules: JSON data, checked and evaluated
here, never executed (no code in the database, no eval).

A condition is a list of clauses that must all hold. A clause reads one field of a data source
and compares it with a value, or groups clauses of which any one must hold:

    [{"source": "person", "field": "age", "op": "gte", "value": 80},
     {"source": "case", "item": "11500103MB1234567X050006", "field": "finished_count", "op": "eq", "value": 0},
     {"any": [{"source": "person", "field": "sex", "op": "eq", "value": "F"},
              {"source": "person", "field": "age", "op": "lt", "value": 18}]}]

Operators: eq, ne, gt, gte, lt, lte (a number, a date "YYYY-MM-DD" or a text, as the field is),
in, not_in (a list of such values), known, unknown (no value). A comparison with an unknown value
(no birth date on record, no finished case) is false, whatever the operator; ask `unknown` for it.
"""

import datetime
import json
import operator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yiwang.benefits import sources

COMPARISONS = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
OPERATORS = [*COMPARISONS, "in", "not_in", "known", "unknown"]
MAX_CLAUSES = 20
MAX_DEPTH = 3
MAX_LIST = 100


def _fail(path, message):
    raise ValidationError(
        _("Condition %(where)s: %(problem)s") % {"where": path, "problem": message}, code="condition"
    )


def _typed(value, kind, path):
    if kind == sources.INT:
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10**9:
            _fail(path, _("the value must be a whole number."))
        return value
    if kind == sources.DATE:
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            _fail(path, _("the value must be a date written YYYY-MM-DD."))
    if not isinstance(value, str) or len(value) > 200:
        _fail(path, _("the value must be a text of at most 200 characters."))
    return value


def _check_clause(clause, audience, path, depth, counter):
    counter[0] += 1
    if counter[0] > MAX_CLAUSES:
        _fail(path, _("at most %(count)s clauses.") % {"count": MAX_CLAUSES})
    if not isinstance(clause, dict):
        _fail(path, _("each clause is an object with source, field, op and value."))
    if "any" in clause:
        if set(clause) != {"any"} or not isinstance(clause["any"], list) or not clause["any"]:
            _fail(path, _("“any” holds a non-empty list of clauses and nothing else."))
        if depth >= MAX_DEPTH:
            _fail(path, _("“any” may be nested at most %(depth)s deep.") % {"depth": MAX_DEPTH})
        for index, inner in enumerate(clause["any"], start=1):
            _check_clause(inner, audience, f"{path}.{index}", depth + 1, counter)
        return
    source = sources.get(clause.get("source")) if isinstance(clause.get("source"), str) else None
    if source is None:
        _fail(
            path,
            _("unknown source; use one of %(names)s.") % {"names": ", ".join(sorted(sources.all_sources()))},
        )
    if audience not in source.audiences:
        _fail(
            path, _("the source %(source)s holds no data on this kind of subject.") % {"source": source.code}
        )
    field = source.fields.get(clause.get("field")) if isinstance(clause.get("field"), str) else None
    if field is None:
        _fail(
            path,
            _("unknown field; %(source)s has %(names)s.")
            % {"source": source.code, "names": ", ".join(source.fields)},
        )
    allowed = {"source", "field", "op", "value", *source.params}
    extra = set(clause) - allowed
    if extra:
        _fail(path, _("unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(map(str, extra)))})
    problem = source.check_params(clause)
    if problem:
        _fail(path, problem)
    op = clause.get("op")
    if op not in OPERATORS:
        _fail(path, _("unknown operator; use one of %(names)s.") % {"names": ", ".join(OPERATORS)})
    if op in ("known", "unknown"):
        if "value" in clause:
            _fail(path, _("“known” and “unknown” take no value."))
    elif op in ("in", "not_in"):
        values = clause.get("value")
        if not isinstance(values, list) or not values or len(values) > MAX_LIST:
            _fail(path, _("“in” and “not_in” take a list of 1 to %(count)s values.") % {"count": MAX_LIST})
        for value in values:
            _typed(value, field.kind, path)
    else:
        if "value" not in clause:
            _fail(path, _("the clause needs a value."))
        _typed(clause["value"], field.kind, path)


def check_condition(condition, audience):
    """Refuse a condition that is not well formed, with a translated message naming the clause
    (1, 2, 3.1 ...). An empty list is allowed: it holds for everyone."""
    if not isinstance(condition, list):
        raise ValidationError(_("A condition is a list of clauses."), code="condition")
    if "\\u0000" in json.dumps(condition):
        raise ValidationError(_("A condition cannot contain a NUL character."), code="condition")
    counter = [0]
    for index, clause in enumerate(condition, start=1):
        _check_clause(clause, audience, str(index), 1, counter)
    return condition


def _leaves(condition):
    for clause in condition:
        if "any" in clause:
            yield from _leaves(clause["any"])
        else:
            yield clause


def load(condition, subject_ids, today):
    """What the condition needs of these subjects: {source code: {subject id: record}}, one
    `load()` per source used."""
    by_source = {}
    for clause in _leaves(condition):
        by_source.setdefault(clause["source"], []).append(clause)
    return {code: sources.get(code).load(subject_ids, clauses, today) for code, clauses in by_source.items()}


def _compile(clause, today):
    """A predicate subject_id, records -> bool for one clause, its values typed once."""
    if "any" in clause:
        inner = [_compile(c, today) for c in clause["any"]]
        return lambda pk, records: any(test(pk, records) for test in inner)
    source = sources.get(clause["source"])
    code, op = clause["source"], clause["op"]
    kind = source.fields[clause["field"]].kind

    def read(pk, records):
        return source.value(records[code].get(pk), clause, today)

    if op == "known":
        return lambda pk, records: read(pk, records) is not None
    if op == "unknown":
        return lambda pk, records: read(pk, records) is None
    if op in ("in", "not_in"):
        wanted, inside = frozenset(_typed(v, kind, "") for v in clause["value"]), op == "in"

        def test(pk, records):
            value = read(pk, records)
            return value is not None and (value in wanted) == inside

        return test
    compare, expected = COMPARISONS[op], _typed(clause["value"], kind, "")

    def test(pk, records):
        value = read(pk, records)
        return value is not None and compare(value, expected)

    return test


def compile_condition(condition, today):
    """The (checked) condition as one predicate subject_id, records -> bool, for `today`."""
    tests = [_compile(clause, today) for clause in condition]
    return lambda pk, records: all(test(pk, records) for test in tests)


def eligible(condition, subject_ids, today):
    """The subjects among `subject_ids` for whom the condition holds."""
    records = load(condition, subject_ids, today)
    test = compile_condition(condition, today)
    return [pk for pk in subject_ids if test(pk, records)]
