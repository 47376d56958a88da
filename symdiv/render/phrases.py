"""Every phrase symdiv shows a reader, in one table keyed by rule and language.

Another language is one more key in each entry.  Phrases are plain words (no
math symbols), so they fit ``\\text{...}`` in LaTeX, Markdown and a terminal
alike.

>>> phrase("sum_to_one", "zh")
'概率之和为一'
>>> phrase("no_such_rule")
Traceback (most recent call last):
...
symdiv.errors.InvalidInputError: no phrase for 'no_such_rule'
"""

from __future__ import annotations

from ..errors import InvalidInputError

__all__ = ["PHRASES", "LANGUAGES", "phrase"]

LANGUAGES = ("en", "zh")

PHRASES: dict[str, dict[str, str]] = {
    # justifications of derivation steps
    "definition": {"en": "definition", "zh": "定义"},
    "expectation": {"en": "expectation of the self-information", "zh": "自信息的期望"},
    "add_subtract": {"en": "add and subtract the same sum", "zh": "加上并减去同一个和式"},
    "log_quotient": {"en": "log of a quotient", "zh": "商的对数"},
    "log_product": {"en": "log of a product", "zh": "乘积的对数"},
    "rename_index": {"en": "rename the summation index", "zh": "更换求和指标"},
    "linearity": {"en": "linearity of the sum", "zh": "求和的线性"},
    "linearity_grad": {"en": "the gradient is linear", "zh": "梯度是线性的"},
    "sum_to_one": {"en": "probabilities sum to one", "zh": "概率之和为一"},
    "differentiate": {"en": "differentiate", "zh": "求导"},
    "kronecker": {"en": "only the term i = j depends on z_j", "zh": "只有 i = j 的项依赖于 z_j"},
    "softmax_log": {"en": "log of the softmax", "zh": "softmax 的对数"},
    "constant_in_theta": {"en": "H(P) does not depend on the parameters", "zh": "H(P) 与模型参数无关"},
    "log_trick": {"en": "-log is strictly decreasing: maximise L, minimise -log L",
                  "zh": "-log 严格单调递减：最大化似然即最小化负对数似然"},
    "group_samples": {"en": "group the samples by outcome", "zh": "按取值对样本分组"},
    "empirical": {"en": "empirical distribution c_i / N", "zh": "经验分布 c_i / N"},
    "positive_factor": {"en": "a positive constant factor keeps the minimiser", "zh": "正的常数因子不改变最小值点"},
    "decomposition": {"en": "cross-entropy is entropy plus KL divergence", "zh": "交叉熵等于熵加 KL 散度"},
    "evaluate": {"en": "evaluate", "zh": "代入数值"},
    "arithmetic": {"en": "arithmetic", "zh": "化简"},
    "not_equal": {"en": "the two values differ", "zh": "两者不相等"},
    "softmax": {"en": "definition of the softmax", "zh": "softmax 的定义"},
    "as_written": {"en": "as written", "zh": "原文所写"},
    "complete_range": {"en": "extend the sum to the whole alphabet", "zh": "将求和扩展到整个字母表"},
    # the rules of the prover's normal form (symdiv.prover.normal_form.RULES)
    "log_expand": {"en": "log of a product, quotient or power (all terms positive)",
                   "zh": "乘积、商或幂的对数（各项为正）"},
    "normalisation": {"en": "probabilities sum to one (and counts sum to N)", "zh": "概率之和为一（计数之和为 N）"},
    "rename": {"en": "rename the summation index", "zh": "更换求和指标"},
    "piecewise": {"en": "the index is within range", "zh": "指标在取值范围内"},
    "collect": {"en": "collect like terms", "zh": "合并同类项"},
    "compare": {"en": "both sides have the same normal form", "zh": "两边化为同一标准形式"},
    "simplify": {"en": "algebraic simplification", "zh": "代数化简"},
    "reindex": {"en": "reverse the order of summation", "zh": "反转求和顺序"},
    # words around verdicts and reports
    "proved": {"en": "proved", "zh": "已证明"},
    "refuted": {"en": "refuted", "zh": "已否定"},
    "unknown": {"en": "unknown", "zh": "未知"},
    "step": {"en": "step", "zh": "步骤"},
    "verdict": {"en": "verdict", "zh": "结论"},
    "counterexample": {"en": "counterexample", "zh": "反例"},
    "assumptions": {"en": "assumptions", "zh": "假设"},
    "wrong_step": {"en": "first wrong step", "zh": "第一个错误的步骤"},
    "left_side": {"en": "left side", "zh": "左边"},
    "right_side": {"en": "right side", "zh": "右边"},
    "numeric_check": {"en": "numeric check", "zh": "数值检验"},
    "line": {"en": "line", "zh": "行"},
    "column": {"en": "column", "zh": "列"},
    "statement": {"en": "statement", "zh": "命题"},
    "chains_and_steps": {"en": "chains: {chains}, steps: {steps}", "zh": "推导链：{chains}，步骤：{steps}"},
    "componentwise": {"en": "componentwise, for every", "zh": "逐分量成立，对每个"},
    "where": {"en": "where", "zh": "条件"},
    "certificate": {"en": "certificate", "zh": "证书"},
    "witness": {"en": "the two sides differ at", "zh": "两边在此处不相等"},
    "f_first": {"en": "f at the first value", "zh": "f 在第一个取值处"},
    "f_second": {"en": "f at the second value", "zh": "f 在第二个取值处"},
    "g_first": {"en": "g at the first value", "zh": "g 在第一个取值处"},
    "g_second": {"en": "g at the second value", "zh": "g 在第二个取值处"},
}


def phrase(key: str, lang: str = "en") -> str:
    """The phrase for *key* in *lang* (``"en"`` or ``"zh"``)."""
    if lang not in LANGUAGES:
        raise InvalidInputError(f"unknown language {lang!r}; choose one of {LANGUAGES}")
    try:
        return PHRASES[key][lang]
    except KeyError:
        raise InvalidInputError(f"no phrase for {key!r}") from None
