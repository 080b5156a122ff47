"""A quicker stand-in for a loaded spaCy ``attribute_ruler``, with the same results.

en_core_web_sm's attribute ruler gives each fine tag its coarse tag and features (56
patterns) and has about 120 exceptions by word, tag and dependency label ("but" as an
adverb, the features of "I" as a subject). spaCy runs them through its general ``Matcher``,
which steps every pattern along every token and calls Python for each ``IN`` test: 13% of
the whole pipeline's time on news text, more than the tagger, lemmatizer and tokenizer
together.

Almost every one of those patterns looks at one token, and only at its tag, lower-case form,
dependency label and whether it is a space, with plain equality, ``IN`` and ``NOT_IN`` tests.
What they set on a token therefore depends on those four values alone, and each value
matters only as one of the few the patterns name (any other word behaves like every other
word). The outcome is worked out once per combination met and kept: a few hundred
combinations, bounded by the patterns, whatever the vocabulary. The remaining patterns (two
tokens, ``REGEX`` tests) go through spaCy's ``Matcher`` as before. Matches are applied as the
ruler applies them: in the patterns' order, a later pattern's value winning.

``quicken_attribute_ruler(nlp)`` swaps the component in place (same name, same position);
``tests/test_attribute_rules.py`` checks tags, coarse tags, features, lemmas and labels
against the stock pipeline."""
from __future__ import annotations

from typing import Any, Iterable, Iterator, NamedTuple, Optional

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

COMPONENT = "attribute_ruler"
FACTORY = "readout_attribute_rules"
# the token attributes a pattern may test and still be decided from the token alone, in
# the order of the ``to_array`` columns
COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_ATTR_IDS = (TAG, LOWER, DEP, IS_SPACE)
_OTHER = -1  # stands for every value no pattern names


class Check(NamedTuple):
    """One attribute test of a one-token pattern: column ``column`` is (``negated``: is not)
    one of ``values``."""

    column: int
    values: frozenset[int]
    negated: bool

    def passes(self, key: tuple[int, ...]) -> bool:
        return (key[self.column] in self.values) != self.negated


def _value_id(column: str, value: Any) -> Optional[int]:
    """The ``to_array`` value a pattern's plain value stands for (None: not a plain value)."""
    if column == "IS_SPACE":
        return int(value) if isinstance(value, bool) else None
    return get_string_id(value) if isinstance(value, str) else None


def _tests(token: dict[str, Any]) -> Optional[list[Check]]:
    """The tests of one token pattern, or None when one of them needs more than the token's
    four values (a regular expression, another attribute, an operator)."""
    tests = []
    for name, value in token.items():
        column = name.upper()
        if column not in COLUMNS:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN"):
                return None
            op, listed = next(iter(value.items()))
            ids = [_value_id(column, v) for v in listed]
            if None in ids:
                return None
            tests.append(Check(COLUMNS.index(column), frozenset(ids), op == "NOT_IN"))  # type: ignore[arg-type]
        else:
            one = _value_id(column, value)
            if one is None:
                return None
            tests.append(Check(COLUMNS.index(column), frozenset([one]), False))
    return tests


class QuickAttributeRules:
    """The patterns of an ``AttributeRuler``, applied with the same results, faster (see the
    module's docstring). A pipeline component: ``nlp(text)`` and ``nlp.pipe`` call it."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.attrs: list[dict[int, int]] = []  # per pattern, as spaCy normalized them
        self.indices: list[int] = []  # per pattern, the token of the match it sets
        # (number, tests of each alternative) of the one-token patterns
        self.simple: list[tuple[int, list[list[Check]]]] = []
        self.rest = Matcher(vocab, validate=False)  # the other patterns
        self.named: list[frozenset[int]] = [frozenset() for _ in COLUMNS]
        # reduced (tag, lower, dep, is_space) -> (numbers of the patterns met, their attrs merged)
        self._outcomes: dict[tuple[int, ...], tuple[tuple[int, ...], dict[int, int]]] = {}

    def load(self, ruler: AttributeRuler) -> None:
        """Take the patterns of ``ruler``, in its order."""
        self.vocab, self.simple, self._outcomes = ruler.vocab, [], {}
        self.rest = Matcher(ruler.vocab, validate=False)
        self.attrs, self.indices = list(ruler.attrs), list(ruler.indices)
        for number in range(len(self.attrs)):
            alternatives = ruler.matcher.get(str(number))[1]
            tests = [_tests(alt[0]) if len(alt) == 1 else None for alt in alternatives]
            if all(t is not None for t in tests) and self.indices[number] in (0, -1):
                self.simple.append((number, tests))  # type: ignore[arg-type]
            else:
                self.rest.add(str(number), alternatives)
        # the values the one-token patterns name, per column: any other value is _OTHER
        self.named = [frozenset(v for _, alts in self.simple for alt in alts for t in alt
                                if t.column == c for v in t.values)
                      for c in range(len(COLUMNS))]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        extra = self._rest_matches(doc) if len(self.rest) else {}
        named, outcomes = self.named, self._outcomes
        columns = doc.to_array(list(_ATTR_IDS)).tolist()
        for i, row in enumerate(columns):
            key = tuple(v if v in named[c] else _OTHER for c, v in enumerate(row))
            outcome = outcomes.get(key)
            if outcome is None:
                outcome = outcomes[key] = self._outcome(key)
            numbers, attrs = outcome
            if i in extra:
                attrs = self._merged(sorted([*numbers, *extra[i]]))
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _outcome(self, key: tuple[int, ...]) -> tuple[tuple[int, ...], dict[int, int]]:
        """The one-token patterns a token with (reduced) values ``key`` meets, and what they set."""
        numbers = tuple(number for number, alternatives in self.simple
                        if any(all(t.passes(key) for t in alt) for alt in alternatives))
        return numbers, self._merged(numbers)

    def _merged(self, numbers: Iterable[int]) -> dict[int, int]:
        """The attributes patterns ``numbers`` set, applied in that order (a later value wins)."""
        merged: dict[int, int] = {}
        for number in numbers:
            merged.update(self.attrs[number])
        return merged

    def _rest_matches(self, doc: Doc) -> dict[int, list[int]]:
        """Token index -> numbers of the other patterns that set something on it."""
        found: dict[int, list[int]] = {}
        strings = self.vocab.strings
        for match_id, start, end in self.rest(doc, allow_missing=True, as_spans=False):
            number = int(strings[match_id])
            index = self.indices[number]
            target = (start if index >= 0 else end) + index
            if not start <= target < end:
                raise ValueError(f"attribute rule {number}: index {index} is outside its match "
                                 f"{[t.text for t in doc[start:end]]}")
            found.setdefault(target, []).append(number)
        return found


@Language.factory(FACTORY)
def _make_quick_rules(nlp: Language, name: str) -> QuickAttributeRules:
    """Registered so that the component can take the ruler's place in a pipeline; it starts
    without patterns (``QuickAttributeRules.load`` gives it a ruler's)."""
    return QuickAttributeRules(nlp.vocab)


def quicken_attribute_ruler(nlp: Language) -> bool:
    """Put a ``QuickAttributeRules`` with the patterns of ``nlp``'s attribute ruler in its
    place (same name, same position). False, nothing changed, when the pipeline has no
    stock attribute ruler."""
    if COMPONENT not in nlp.component_names:
        return False
    ruler = nlp.get_pipe(COMPONENT)
    if type(ruler) is not AttributeRuler:
        return False
    disabled = COMPONENT in nlp.disabled
    nlp.replace_pipe(COMPONENT, FACTORY)
    nlp.get_pipe(COMPONENT).load(ruler)
    if disabled:
        nlp.disable_pipe(COMPONENT)
    return True
