"""The phrase table: a word for every rule the prover can record, in every language."""

import pytest

from symdiv.prover.derivation import VOCABULARY
from symdiv.render.phrases import LANGUAGES, PHRASES, phrase


@pytest.mark.parametrize("rule", sorted(VOCABULARY))
def test_every_rule_has_a_phrase_in_every_language(rule):
    for lang in LANGUAGES:
        assert phrase(rule, lang).strip()


def test_the_chinese_for_the_log_rules():
    assert phrase("log_quotient", "zh") == "商的对数"
    assert phrase("log_product", "zh") == "乘积的对数"


def test_distinct_rules_are_not_all_called_arithmetic():
    # renaming an index is not "arithmetic"
    assert phrase("rename", "en") != phrase("arithmetic", "en") and phrase("rename_index", "en") != "arithmetic"
    assert len(PHRASES) >= len(VOCABULARY)
