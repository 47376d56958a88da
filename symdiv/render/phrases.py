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

__all__ = ["PHRASES", "TITLES", "LANGUAGES", "phrase", "title"]

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
    "kronecker": {"en": "the Kronecker delta keeps one term of the sum", "zh": "克罗内克 `delta` 只保留和式中的一项"},
    "softmax_log": {"en": "log of the softmax", "zh": "softmax 的对数"},
    "constant_in_theta": {"en": "the entropy of P does not depend on the parameters", "zh": "P 的熵与模型参数无关"},
    "self_information": {"en": "the self-information of an outcome is minus the log of its probability",
                         "zh": "一个取值的自信息等于其概率的负对数"},
    "log_trick": {"en": "minus log is strictly decreasing: maximising the likelihood minimises minus its log",
                  "zh": "负对数严格单调递减：最大化似然即最小化负对数似然"},
    "group_samples": {"en": "group the samples by outcome", "zh": "按取值对样本分组"},
    "empirical": {"en": "the empirical distribution: each count over the number of samples",
                  "zh": "经验分布：每个计数除以样本数"},
    "positive_factor": {"en": "a positive constant factor keeps the minimiser", "zh": "正的常数因子不改变最小值点"},
    "decomposition": {"en": "cross-entropy is entropy plus KL divergence", "zh": "交叉熵等于熵加 KL 散度"},
    "evaluate": {"en": "evaluate", "zh": "代入数值"},
    "arithmetic": {"en": "arithmetic", "zh": "化简"},
    "not_equal": {"en": "the two values differ", "zh": "两者不相等"},
    "softmax": {"en": "definition of the softmax", "zh": "softmax 的定义"},
    "as_written": {"en": "as written", "zh": "原文所写"},
    "complete_range": {"en": "extend the sum to the whole alphabet", "zh": "将求和扩展到整个字母表"},
    "marginal": {"en": "summing the joint over y gives the marginal", "zh": "联合分布对 y 求和得到边缘分布"},
    "conditional": {"en": "the joint is the marginal times the conditional", "zh": "联合分布等于边缘分布乘以条件分布"},
    "independence": {"en": "independence: the joint is the product of the marginals",
                     "zh": "独立：联合分布等于边缘分布之积"},
    "mutual_information": {"en": "mutual information in entropies", "zh": "用熵表示互信息"},
    "chain_rule": {"en": "chain rule", "zh": "链式法则"},
    # the rules of the prover's normal form (symdiv.prover.normal_form.RULES)
    "log_expand": {"en": "log of a product, quotient or power (all terms positive)",
                   "zh": "乘积、商或幂的对数（各项为正）"},
    "marginalise": {"en": "summing a joint over a variable gives the marginal",
                    "zh": "联合分布对一个变量求和得到边缘分布"},
    "normalisation": {"en": "probabilities sum to one (and counts sum to N)", "zh": "概率之和为一（计数之和为 N）"},
    "sums_to_one": {"en": "probabilities sum to one", "zh": "概率之和为一"},
    "counts_total": {"en": "the counts sum to `N`", "zh": "计数之和为 `N`"},
    "rename": {"en": "rename the summation index", "zh": "更换求和指标"},
    "rename_cancel": {"en": "rename the summation index; equal sums cancel (or divide to 1)",
                      "zh": "更换求和指标，相同的和式相消（或相除得 1）"},
    "log_power": {"en": "log of a power", "zh": "幂的对数"},
    "gaussian_moments": {"en": "linearity of expectation, and the moments of a Gaussian: `E[x] = mu`, "
                               "`E[x^2] = mu^2 + sigma^2`",
                         "zh": "期望的线性，以及高斯分布的矩：`E[x] = mu`，`E[x^2] = mu^2 + sigma^2`"},
    "power_as_exp": {"en": "a power written with e: `b^x = exp(x log b)`", "zh": "把幂写成以 e 为底：`b^x = exp(x log b)`"},
    "case_split": {"en": "one case of the sign of the argument", "zh": "按自变量的符号分情形"},
    "case_nonnegative": {"en": "the case where the argument is at least zero", "zh": "自变量不小于零的情形"},
    "case_negative": {"en": "the case where the argument is negative", "zh": "自变量为负的情形"},
    # the same cases in a document, where the variable split on is known: {u} is its text
    "case_nonnegative_of": {"en": "the case `{u} >= 0`", "zh": "`{u} >= 0` 的情形"},
    "case_negative_of": {"en": "the case `{u} < 0`", "zh": "`{u} < 0` 的情形"},
    "sigmoid": {"en": "the logistic identities `log sigmoid(u) = -softplus(-u)`, `sigmoid(-u) = 1 - sigmoid(u)`, "
                      "`softplus(-u) = softplus(u) - u`",
                "zh": "logistic 恒等式 `log sigmoid(u) = -softplus(-u)`，`sigmoid(-u) = 1 - sigmoid(u)`，"
                      "`softplus(-u) = softplus(u) - u`"},
    "log_sigmoid": {"en": "the logarithm of a sigmoid: `log sigmoid(u) = -softplus(-u)`, `log(1 - sigmoid(u)) = -softplus(u)`",
                    "zh": "sigmoid 的对数：`log sigmoid(u) = -softplus(-u)`，`log(1 - sigmoid(u)) = -softplus(u)`"},
    "softplus_definition": {"en": "definition of softplus: `log(1 + exp(u)) = softplus(u)`",
                            "zh": "softplus 的定义：`log(1 + exp(u)) = softplus(u)`"},
    "sigmoid_reflect": {"en": "`sigmoid(-u) = 1 - sigmoid(u)`", "zh": "`sigmoid(-u) = 1 - sigmoid(u)`"},
    "softplus_reflect": {"en": "`softplus(-u) = softplus(u) - u`", "zh": "`softplus(-u) = softplus(u) - u`"},
    "log_exp": {"en": "the log of an exponential is its exponent", "zh": "指数函数的对数等于其指数"},
    "piecewise": {"en": "the index is within range", "zh": "指标在取值范围内"},
    "collect": {"en": "multiply out and collect like terms", "zh": "展开并合并同类项"},
    "compare": {"en": "both sides have the same normal form", "zh": "两边化为同一标准形式"},
    "simplify": {"en": "algebraic simplification", "zh": "代数化简"},
    "reindex": {"en": "reverse the order of summation", "zh": "反转求和顺序"},
    "phi_rewrite": {"en": "each term written with `phi(r) = r log r - r + 1` (an identity)",
                    "zh": "每一项用 `phi(r) = r log r - r + 1` 改写（恒等式）"},
    # what phi's sign means is said once, by the reason (termwise_certificate) that follows
    "phi_defined": {"en": "where {phi}", "zh": "其中 {phi}"},
    "leftover_zero": {"en": "the leftover terms add up to zero", "zh": "剩余各项之和为零"},
    "termwise": {"en": "`phi(r) >= 0` for every `r > 0`, since `log r <= r - 1`",
                 "zh": "对每个 `r > 0` 有 `phi(r) >= 0`，因为 `log r <= r - 1`"},
    "elemental_identity": {"en": "identity in joint entropies, checked exactly", "zh": "联合熵之间的恒等式（精确验证）"},
    "hypothesis": {"en": "the hypotheses make these terms zero", "zh": "由假设，这些项为零"},
    "elemental": {"en": "each term is a conditional entropy or information, at least zero",
                  "zh": "每一项都是条件熵或条件互信息，不小于零"},
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
    "reason": {"en": "reason", "zh": "原因"},
    "steps": {"en": "steps", "zh": "步骤"},
    "lhs": {"en": "left side", "zh": "左边"},
    "rhs": {"en": "right side", "zh": "右边"},
    "difference": {"en": "difference", "zh": "差"},
    "as_given": {"en": "as given", "zh": "给定规模"},
    "evidence_line": {"en": "{samples} samples at sizes {sizes}, {dtype}, seed {seed}, max relative error {error} "
                            "(tolerance {tolerance})",
                      "zh": "{samples} 个样本，规模 {sizes}，{dtype}，种子 {seed}，最大相对误差 {error}（容差 {tolerance}）"},
    "evidence_tables": {"en": "{samples} random joint tables that satisfy the hypotheses, each sign decided in exact "
                              "arithmetic, seed {seed}",
                        "zh": "{samples} 个满足假设的随机联合分布表，每个符号均由精确计算判定，种子 {seed}"},
    "disagreed": {"en": "DISAGREED", "zh": "不一致"},
    "increasing": {"en": "increasing", "zh": "递增"},
    # the verify table
    "theorem": {"en": "theorem", "zh": "定理"},
    "expected": {"en": "expected", "zh": "预期"},
    "time": {"en": "time", "zh": "用时"},
    "error": {"en": "error", "zh": "出错"},
    "unexpected_verdict": {"en": "unexpected verdict", "zh": "结论与预期不符"},
    "verify_summary": {"en": "{passed} of {total} theorems got their expected verdict",
                       "zh": "{total} 个定理中有 {passed} 个得到预期结论"},
    "derivation_wrong": {"en": "derivation step {step} does not hold", "zh": "推导的第 {step} 步不成立"},
    "verify_documents_summary": {"en": "{passed} of {total} documents have every step proved",
                                 "zh": "{total} 个文档中有 {passed} 个的每一步都已证明"},
    "document_steps": {"en": "{proved} of {total} steps proved", "zh": "{total} 步中 {proved} 步已证明"},
    "document_wrong": {"en": "the step on line {line} does not hold", "zh": "第 {line} 行的步骤不成立"},
    "document_skipped": {"en": "{count} display blocks could not be read (line {line}: {message})",
                         "zh": "{count} 个公式块无法读取（第 {line} 行：{message}）"},
    "internal_error": {"en": "internal error", "zh": "内部错误"},
    "decreasing": {"en": "decreasing", "zh": "递减"},
    # assumptions a verdict states (symdiv.prover.verdict.Note keys)
    # ({index} is the index letter the renderer picks for the size: i for n, k for K)
    "assume_distribution": {"en": "{name}: {letter}_{index} > 0 for {index} = 1..{size}, sum_{index} {letter}_{index} = 1",
                            "zh": "{name}：对 {index} = 1..{size} 有 {letter}_{index} > 0，且 sum_{index} {letter}_{index} = 1"},
    "assume_logits": {"en": "{name}: {name}_{index} real for {index} = 1..{size}",
                      "zh": "{name}：对 {index} = 1..{size}，{name}_{index} 为实数"},
    "assume_dataset": {"en": "{name}: {samples} samples in 1..{size}, c_{index} = #{{s : x_s = {index}}}, "
                             "sum_{index} c_{index} = {samples}",
                       "zh": "{name}：{samples} 个取值于 1..{size} 的样本，c_{index} = #{{s : x_s = {index}}}，"
                             "sum_{index} c_{index} = {samples}"},
    "assume_joint": {"en": "{name}: entries > 0 for {ranges}, summing to 1",
                     "zh": "{name}：对 {ranges}，各项 > 0，总和为 1"},
    "assume_positive": {"en": "{name}: {name}_{index} > 0 for {index} = 1..{size}",
                        "zh": "{name}：对 {index} = 1..{size}，{name}_{index} > 0"},
    "assume_zero_log_zero": {"en": "0 log 0 = 0", "zh": "约定 0 log 0 = 0"},
    "assume_model": {"en": "{name}: any model with components {name}_i({parameters}) > 0 for i = 1..{size}, "
                           "summing to 1 for every value of {parameters}",
                     "zh": "{name}：任意模型，对 i = 1..{size} 有分量 {name}_i({parameters}) > 0，且对 {parameters} 的每个取值总和为 1"},
    "assume_labels": {"en": "{name}: labels {name}_{index} in {{0, 1}} for {index} = 1..{size}",
                      "zh": "{name}：对 {index} = 1..{size}，标签 {name}_{index} 取 0 或 1"},
    "assume_free_components": {"en": "the components of {name} are differentiated as free variables: the constraint "
                                     "that they sum to 1 is ignored, as in most ML texts",
                               "zh": "{name} 的各分量被当作独立变量求导：忽略它们之和为 1 的约束（与多数机器学习文献一致）"},
    "assume_index": {"en": "{low} <= {index} <= {high}", "zh": "{low} <= {index} <= {high}"},
    # reasons a verdict gives (symdiv.prover.verdict.Note keys); {names} are its values
    "normal_form": {"en": "the difference has normal form {form}, not 0", "zh": "两边之差的标准形式为 {form}，不为 0"},
    "simplify_empty_range": {"en": "sympy simplify not tried: a sum's range may be empty",
                             "zh": "未尝试 sympy 化简：某个求和的范围可能为空"},
    "simplify_crashed": {"en": "sympy simplify failed ({error})", "zh": "sympy 化简失败（{error}）"},
    "sides_differ": {"en": "the two sides differ at the counterexample (exact arithmetic)",
                     "zh": "两边在反例处不相等（精确算术）"},
    "numeric_agreed": {"en": "numerically the sides agreed on {samples} random instances",
                       "zh": "数值上两边在 {samples} 个随机实例上一致"},
    "numeric_held": {"en": "numerically the inequality held on {samples} random instances (not a proof)",
                     "zh": "数值上该不等式在 {samples} 个随机实例上成立（这不是证明）"},
    "numeric_unconfirmed": {"en": "a numeric disagreement was seen but not confirmed in exact arithmetic",
                            "zh": "数值上出现差异，但精确算术未能确认"},
    "affine_certificate": {"en": "one side is a positive multiple of the other plus a constant (the certificate), "
                                 "and neither the factor nor the constant depends on the parameters",
                           "zh": "一边等于另一边的正数倍加一个常数（见依据），且倍数与常数都不依赖于参数"},
    "monotone_increasing": {"en": 'one objective is a strictly increasing function of the other',
                           "zh": '一个目标函数是另一个的严格递增函数'},
    "monotone_decreasing": {"en": 'one objective is a strictly decreasing function of the other',
                           "zh": '一个目标函数是另一个的严格递减函数'},
    "order_reversal": {"en": "f and g order two parameter values differently: one prefers a value the other "
                             "ranks no better (exact arithmetic)",
                       "zh": "f 与 g 对两个参数取值的排序不同：一方严格偏好的取值，另一方并不认为更优（精确算术）"},
    "no_certificate": {"en": "no certificate found and no order reversal found", "zh": "既未找到依据，也未找到排序反转"},
    "certificate_not_positive": {"en": "the given certificate is wrong: a = {a} is not known to be > 0",
                                 "zh": "给定的依据有误：无法确认 a = {a} > 0"},
    "certificate_wrong": {"en": "the given certificate is wrong: f != a·g + b at {point}",
                          "zh": "给定的依据有误：在 {point} 处 f ≠ a·g + b"},
    "certificate_unchecked": {"en": "the given certificate f = a·g + b could not be checked",
                              "zh": "无法检验给定的依据 f = a·g + b"},
    "termwise_certificate": {"en": "each term is at least zero, since `phi(r) >= 0` for every `r > 0`; equality holds "
                                   "only where every ratio is one",
                            "zh": "每一项都不小于零，因为对每个 `r > 0` 有 `phi(r) >= 0`；仅当每个比值都为一时取等号"},
    "shannon_certificate": {"en": "the difference is a nonnegative combination of Yeung's elemental inequalities "
                                  "(here {count}), checked exactly in rationals; each says that a variable's entropy "
                                  "given all the others, or the mutual information of two variables given some "
                                  "others, is at least zero",
                            "zh": "两边之差是杨伟豪基本不等式的非负组合（此处共 {count} 个），已用有理数精确验证；"
                                  "每个基本不等式说：一个变量在给定其余所有变量时的熵，或两个变量在给定另一些变量时的互信息，"
                                  "不小于零"},
    "inequality_fails": {"en": "the inequality fails at the counterexample (exact arithmetic)",
                         "zh": "不等式在反例处不成立（精确算术）"},
    "strict_not_certified": {"en": "a termwise certificate gives >= only; the strict inequality needs x != y "
                                   "somewhere, and no instance where the sides are equal was found",
                             "zh": "逐项依据只能给出 >=；严格不等式要求某处 x ≠ y，且未找到两边相等的实例"},
    "no_certificate_found": {"en": "no termwise certificate found", "zh": "未找到逐项依据"},
    "not_shannon_type": {"en": "not Shannon-type: the linear programme found no certificate (this does not "
                               "make it false)",
                         "zh": "不是香农型：线性规划未找到依据（这并不意味着它不成立）"},
    "minimiser_attained": {"en": "the lower bound is attained at {at}, and only there: each term vanishes only "
                                 "where its ratio is 1",
                           "zh": "下界在 {at} 处取到，且仅在该处取到：每一项只在比值为 1 时为零"},
    "minimiser_not_unique": {"en": "the lower bound holds, but that it is attained only there was not shown",
                             "zh": "下界成立，但未能证明只在该处取到"},
    "stopped": {"en": "{stop}", "zh": "已停止：{stop}"},
    "task_error": {"en": "{error} in {stage}: {message}", "zh": "{stage}中出错（{error}）：{message}"},
    # why work stopped (symdiv.budget.Stop, by kind) and where (symdiv.budget.STAGES)
    "stop_time": {"en": "time budget of {limit} s exceeded in {stage}", "zh": "{stage}中超出 {limit} 秒的时间预算"},
    "stop_memory": {"en": "memory budget of {limit} MiB exceeded in {stage}",
                    "zh": "{stage}中超出 {limit} MiB 的内存预算"},
    "stop_memory_unknown": {"en": "memory budget exceeded in {stage}", "zh": "{stage}中超出内存预算"},
    "stop_run": {"en": "the time budget of {limit} s for the whole run was used up before this finished",
                 "zh": "整个运行的 {limit} 秒时间预算在此项完成前已用尽"},
    "stop_died": {"en": "the worker stopped unexpectedly in {stage} (status {limit})",
                  "zh": "工作进程在{stage}中意外终止（状态 {limit}）"},
    "stop_terms": {"en": "expanding would produce more than {limit} terms; the normal form stops there",
                   "zh": "展开将产生超过 {limit} 项，标准形式到此为止"},
    "in_rule": {"en": "{stage} (rule: {rule})", "zh": "{stage}（规则：{rule}）"},
    "stage_start": {"en": "starting the task", "zh": "任务开始阶段"},
    "stage_normal_form": {"en": "the normal form", "zh": "化为标准形式"},
    "stage_cross_check": {"en": "the numeric cross-check", "zh": "数值交叉检验"},
    "stage_simplify": {"en": "sympy simplify", "zh": "sympy 化简"},
    "stage_search": {"en": "the counterexample search", "zh": "反例搜索"},
    "stage_exact": {"en": "exact arithmetic", "zh": "精确算术"},
    "stage_tidy": {"en": "tidying an exact value", "zh": "整理精确值"},
    "certificate": {"en": "certificate", "zh": "依据"},
    "same_minimisers": {"en": "same minimisers", "zh": "最小值点相同"},
    "conclusion": {"en": "conclusion", "zh": "推导结论"},
    "conclusion_holds": {"en": "every link holds", "zh": "每一步都成立"},
    "conclusion_open": {"en": "it follows only once every link holds", "zh": "只有每一步都成立时结论才成立"},
    "conclusion_mixed": {"en": "none: the chain has links in both directions, at most and at least",
                         "zh": "无：链中既有不大于的步骤，也有不小于的步骤"},
    "conclusion_not_equal": {"en": "none: a link claiming that two values differ combines with no other such "
                                   "link and with no inequality",
                             "zh": "无：声称两值不等的步骤不能与另一个这样的步骤或不等式组合"},
    "declaration": {"en": "declaration", "zh": "声明"},
    "theta_as_logits": {"en": "(the parameters theta of {model} are read as the logits {z} of {model} = softmax({z}): "
                              "softmax reaches every positive distribution, so gradients with respect to theta agree "
                              "for every parametrisation of {model} exactly when they agree for this one)",
                        "zh": "（{model} 的参数 θ 按 {model} = softmax({z}) 中的 {z} 理解：softmax 能取到每个正的分布，"
                              "所以关于 θ 的梯度对 {model} 的任何参数化都相等，当且仅当对这一种参数化相等）"},
    "where_declared": {"en": "where", "zh": "其中"},
    "given": {"en": "given", "zh": "假设"},
    # the notation a page uses (symdiv.render.glossary), said once under its claim
    "notation": {"en": "Notation", "zh": "记号"},
    "notation_defined": {"en": "{symbol} = {definition}", "zh": "{symbol} = {definition}"},
    "notation_self_information": {"en": "{symbol} is the self-information of outcome {outcome}: minus the log of "
                                        "its probability under {dist}",
                                  "zh": "{symbol} 是取值 {outcome} 的自信息：它在 {dist} 下的概率的负对数"},
    "notation_softmax": {"en": "{symbol} has components {definition}", "zh": "{symbol} 的分量为 {definition}"},
    "notation_empirical": {"en": "{symbol} is the empirical distribution, with components {definition}",
                           "zh": "{symbol} 是经验分布，其分量为 {definition}"},
    "notation_count": {"en": "{symbol} is the number of samples equal to {outcome}, out of {size}",
                       "zh": "{symbol} 是 {size} 个样本中等于 {outcome} 的样本数"},
    "notation_sample": {"en": "{symbol} is the outcome of sample {position}, of {size}",
                        "zh": "{symbol} 是第 {position} 个样本的取值（共 {size} 个样本）"},
    "notation_off_target": {"en": "{symbol} is the uniform distribution on the {others} outcomes other than {target}",
                            "zh": "{symbol} 是除 {target} 之外其余 {others} 个取值上的均匀分布"},
    "notation_uniform": {"en": "{symbol} is the uniform distribution on {size} outcomes",
                         "zh": "{symbol} 是 {size} 个取值上的均匀分布"},
    "notation_point_mass": {"en": "{symbol} puts all its probability on outcome {outcome} (a one-hot label)",
                            "zh": "{symbol} 把全部概率放在取值 {outcome} 上（独热标签）"},
    "notation_bernoulli": {"en": "{symbol} is the distribution {definition} on two outcomes",
                           "zh": "{symbol} 是两个取值上的分布 {definition}"},
    "notation_model": {"en": "{symbol} is any model: a positive distribution for every value of its parameters",
                       "zh": "{symbol} 是任意模型：参数取任何值时都是一个正的分布"},
    "notation_normal": {"en": "{symbol} is the Gaussian with mean {mean} and variance {variance} (and so for "
                              "the other Gaussians)",
                        "zh": "{symbol} 是均值为 {mean}、方差为 {variance} 的高斯分布（其他高斯分布同理）"},
    "notation_normal_diag": {"en": "{symbol} is a Gaussian with independent coordinates (a diagonal covariance; "
                                   "I is the identity)",
                             "zh": "{symbol} 是各坐标相互独立的高斯分布（协方差为对角阵；I 为单位阵）"},
    "notation_base": {"en": "a subscript {base} on a measure, as in {symbol}, means logarithms to base {base} "
                            "(bits); without one, natural logarithms (nats)",
                      "zh": "度量的下标 {base}（如 {symbol}）表示以 {base} 为底的对数（比特）；"
                            "没有下标时为自然对数（奈特）"},
    "not_identically_equal": {"en": "the two sides are not identically equal: they differ at this instance "
                                    "(exact arithmetic), though they may agree at others",
                              "zh": "两边并非恒等：它们在下面的实例处不相等（精确算术），但在其他实例处可能相等"},
    # punctuation between words: Chinese text takes full-width marks
    "colon": {"en": ": ", "zh": "："},
    "derivation_status": {"en": "{heading} ({status})", "zh": "{heading}（{status}）"},
    "every_step_checked": {"en": "every step checked", "zh": "每一步都已验证"},
    "comma": {"en": ", ", "zh": "，"},
    "semicolon": {"en": "; ", "zh": "；"},
    "versus": {"en": "vs", "zh": "与"},
    "skipped": {"en": "skipped", "zh": "已跳过"},
    "input": {"en": "text", "zh": "文本"},
    "witness": {"en": "the two sides differ at", "zh": "两边在此处不相等"},
    "f_first": {"en": "f at the first value", "zh": "f 在第一个取值处"},
    "f_second": {"en": "f at the second value", "zh": "f 在第二个取值处"},
    "g_first": {"en": "g at the first value", "zh": "g 在第一个取值处"},
    "g_second": {"en": "g at the second value", "zh": "g 在第二个取值处"},
    # documents and slides (symdiv export, --format latex and beamer); {names} are filled with typeset maths
    "conventions": {"en": "Conventions.", "zh": "约定："},
    "conventions_text": {"en": "{log} is the natural logarithm unless a base is shown, as in {log_2}; "
                                "a distribution named by a letter has positive probabilities that sum to one, "
                                "{positive} and {normalised} (a target with zeros, such as a one-hot {delta}, "
                                "is written out); {zero}; and for a density, H is the differential entropy.",
                         "zh": "{log} 表示自然对数，写出底数时除外（如 {log_2}）；"
                               "用字母命名的分布，其概率都为正且和为一：{positive}，{normalised}"
                               "（含零的目标分布，如独热的 {delta}，会显式写出）；约定 {zero}；"
                               "对于概率密度，H 指微分熵。"},
    "library_title": {"en": "The theorem library", "zh": "定理库"},
    "generated_by": {"en": "generated by symdiv {version}", "zh": "由 symdiv {version} 生成"},
    "contents": {"en": "Contents", "zh": "目录"},
    "figures": {"en": "Figures", "zh": "图"},
    "figures_skipped": {"en": "figures skipped", "zh": "未生成图"},
    "export_ok": {"en": "ok", "zh": "完成"},
    "seconds_short": {"en": "{seconds}s", "zh": "{seconds} 秒"},
    "export_failed": {"en": "FAILED", "zh": "失败"},
    "export_error": {"en": "error: {error}: {message}", "zh": "出错（{error}）：{message}"},
    "pdflatex_failed": {"en": "pdflatex failed", "zh": "pdflatex 编译失败"},
    "export_these_failed": {"en": "these failed", "zh": "以下各项失败"},
    "export_wrote": {"en": "wrote {count} theorems to {folder}", "zh": "已将 {count} 个定理写入 {folder}"},
    "export_wrote_no_pdf": {"en": "wrote {count} theorems to {folder} (no pdflatex: no PDFs)",
                            "zh": "已将 {count} 个定理写入 {folder}（没有 pdflatex，未生成 PDF）"},
    "figure": {"en": "Figure", "zh": "图"},
    "derivation": {"en": "Derivation", "zh": "推导"},
    "derivation_of": {"en": "Derivation: {title}", "zh": "推导：{title}"},
    "continued": {"en": "(continued)", "zh": "（续）"},
    "figure_kl_asymmetry": {"en": "The KL divergence is not symmetric: {forward} and {backward} in bits "
                                  "for {P} and every {Q}; both vanish only at {same}.",
                            "zh": "KL 散度不对称：{P}、{Q} 时以比特计的 {forward} 与 {backward}；"
                                  "两者只在 {same} 处为零。"},
    "figure_decomposition": {"en": "Cross-entropy is entropy plus KL divergence: {identity} in bits, "
                                   "for six pairs {P_p} and {Q}.",
                             "zh": "交叉熵等于熵加 KL 散度：六组 {P_p}、{Q} 上以比特计的 {identity}。"},
    "figure_information_diagram": {"en": "The information diagram of a joint table of two variables with four "
                                         "outcomes each: the areas are {hx_y}, {mi} and {hy_x}, in bits, and "
                                         "together they make {hxy}.",
                                   "zh": "信息图：两个变量各有四个取值的联合分布表；三块面积依次为 {hx_y}、{mi} 与 "
                                         "{hy_x}（以比特计），合起来是 {hxy}。"},
    # the report of check_implementation (symdiv.numeric.implementations)
    "impl_agreed": {"en": "agreed on {checked} inputs ({dtype}, {backend}, seed {seed})",
                    "zh": "在 {checked} 个输入上一致（{dtype}，{backend}，种子 {seed}）"},
    "impl_disagreed": {"en": "DISAGREED on {failed} of {checked} inputs ({dtype}, {backend}, seed {seed})",
                       "zh": "不一致：{checked} 个输入中有 {failed} 个（{dtype}，{backend}，种子 {seed}）"},
    "impl_max_error": {"en": "max relative error {error} (tolerance {tolerance})",
                       "zh": "最大相对误差 {error}（容差 {tolerance}）"},
    "impl_cases": {"en": "cases: ", "zh": "输入类别："},
    "impl_comma": {"en": ", ", "zh": "、"},
    "impl_colon": {"en": ": ", "zh": "："},
    "impl_case_line": {"en": "  ", "zh": "  "},
    "impl_count": {"en": ": {failed} of {checked} rows failed", "zh": "：{checked} 行中 {failed} 行不一致"},
    "impl_in_dtype": {"en": " ({dtype})", "zh": "（{dtype}）"},
    "impl_skipped": {"en": ", {skipped} rows skipped: their inputs or values do not fit the float type",
                     "zh": "，跳过 {skipped} 行：其输入或取值超出该浮点类型的范围"},
    "impl_skipped_all": {"en": "{skipped} rows skipped: their inputs or values do not fit the float type",
                         "zh": "跳过 {skipped} 行：其输入或取值超出该浮点类型的范围"},
    "impl_first": {"en": "first disagreement, case ", "zh": "第一个不一致，输入类别 "},
    "impl_row_values": {"en": ", row {row}: expected {expected}, got {got}",
                        "zh": "，第 {row} 行：预期 {expected}，得到 {got}"},
    "impl_input": {"en": "  {name} = {values}", "zh": "  {name} = {values}"},
    "impl_shrunk": {"en": "simplest failing input (k = {size}): expected {expected}, got {got}",
                    "zh": "最简单的不一致输入（k = {size}）：预期 {expected}，得到 {got}"},
    "impl_shrunk_scalars": {"en": "simplest failing input: expected {expected}, got {got}",
                            "zh": "最简单的不一致输入：预期 {expected}，得到 {got}"},
    "impl_diagnosis": {"en": "diagnosis: ", "zh": "诊断："},
    "impl_also": {"en": "also matches: ", "zh": "同样吻合："},
    "impl_no_diagnosis": {"en": "diagnosis: no known mistake matches the values",
                          "zh": "诊断：没有已知的错误与这些数值吻合"},
    "impl_nearest": {"en": "the nearest known mistake, short of 95% of the rows: ",
                     "zh": "最接近的已知错误（吻合的行不足 95%）："},
    "impl_matched_rows": {"en": " (matches {matched} of {failing} failing rows, {rows_matched} of {rows} rows in all)",
                          "zh": "（{failing} 个不一致的行中有 {matched} 个吻合，全部 {rows} 行中有 {rows_matched} 个吻合）"},
    "impl_matched": {"en": " (matches {matched} of {failing} failing rows)",
                     "zh": "（{failing} 个不一致的行中有 {matched} 个吻合）"},
    "impl_normalises": {"en": "note: the implementation gives the same result for 2*{name} as for {name}: "
                              "it normalises silently",
                        "zh": "注意：实现对 2*{name} 与 {name} 给出相同的结果：它悄悄地做了归一化"},
    "impl_raised": {"en": "fn raised {error}: {message}", "zh": "函数抛出 {error}：{message}"},
    "impl_returned": {"en": "fn must return an array of real numbers, got {what}",
                      "zh": "函数应返回实数数组，却返回了 {what}"},
    "impl_shape": {"en": "fn returned shape {shape}, expected {expected} (reduction={reduction})",
                   "zh": "函数返回的形状为 {shape}，应为 {expected}（归约 {reduction}）"},
    # classes of input check_implementation draws
    "impl_case_dirichlet": {"en": "dirichlet alpha={alpha}", "zh": "狄利克雷 α={alpha}"},
    "impl_case_zeros_shared": {"en": "zeros, shared support", "zh": "含零，支撑集相同"},
    "impl_case_zeros_unshared": {"en": "zeros, p > 0 where q = 0", "zh": "含零，q = 0 处 p > 0"},
    "impl_case_near_degenerate": {"en": "near-degenerate", "zh": "接近退化"},
    "impl_case_tiny": {"en": "tiny masses 1e-300", "zh": "极小的概率 1e-300"},
    "impl_case_typical": {"en": "typical values", "zh": "常见取值"},
    "impl_case_zeros": {"en": "zeros and ones", "zh": "零和一"},
    "impl_case_extreme": {"en": "extreme values", "zh": "极端取值"},
    "impl_case_tiny_values": {"en": "tiny values", "zh": "极小取值"},
    "impl_case_simple": {"en": "simplest values", "zh": "最简单的取值"},
    # the known mistakes check_implementation names (symdiv.numeric.diagnose)
    "impl_swapped": {"en": "matches {variant}: arguments swapped?", "zh": "与 {variant} 吻合：参数顺序颠倒了？"},
    "impl_nan_zeros": {"en": "NaN where {where}: 0·log 0 not handled", "zh": "在 {where} 处为 nan：没有处理 0·log 0"},
    "impl_and_nan_zeros": {"en": ", and NaN where {where}: 0·log 0 not handled",
                           "zh": "，且在 {where} 处为 nan：没有处理 0·log 0"},
    "impl_softmax_twice": {"en": "matches softmax applied twice", "zh": "与两次应用 softmax 的结果吻合"},
    "impl_softmax_probabilities": {"en": "matches softmax applied to {name}, which holds probabilities already",
                                   "zh": "与对 {name} 应用 softmax 的结果吻合，而 {name} 已经是概率"},
    "impl_misread": {"en": "{used} used where {belongs} belongs", "zh": "在应为 {belongs} 处用了 {used}"},
    "impl_ignored_difference": {"en": "matches the reference with {b} = {a}: the difference between {a} and {b} "
                                      "ignored?",
                                "zh": "与令 {b} = {a} 后的参考值吻合：忽略了 {a} 与 {b} 之差？"},
    "impl_bits": {"en": "ratio is 1/ln 2: bits instead of nats?", "zh": "比值为 1/ln 2：用了比特而不是奈特？"},
    "impl_nats": {"en": "ratio is ln 2: nats instead of bits?", "zh": "比值为 ln 2：用了奈特而不是比特？"},
    "impl_factor_two": {"en": "off by a factor 2", "zh": "相差因子 2"},
    "impl_factor_half": {"en": "off by a factor 1/2", "zh": "相差因子 1/2"},
    "impl_sign_flip": {"en": "the sign is flipped", "zh": "符号相反"},
    "impl_sum_for_mean": {"en": "ratio is the batch size {batch}: a sum where the mean belongs?",
                          "zh": "比值为批大小 {batch}：应取平均处用了求和？"},
    "impl_mean_for_sum": {"en": "ratio is 1/{batch}: a mean where the sum belongs?",
                          "zh": "比值为 1/{batch}：应求和处用了平均？"},
    "impl_factor": {"en": "off by a constant factor {factor}", "zh": "相差常数因子 {factor}"},
    "impl_offset": {"en": "off by a constant {offset}", "zh": "相差常数 {offset}"},
    "impl_power_as_product": {"en": "matches {wrong} where {right} belongs: a power written as a product?",
                              "zh": "与把 {right} 写成 {wrong} 的结果吻合：把幂写成了乘积？"},
    "impl_square_dropped": {"en": "matches {wrong} where {right} belongs: a square dropped?",
                            "zh": "与把 {right} 写成 {wrong} 的结果吻合：漏掉了平方？"},
    "impl_missing_term": {"en": "matches the reference without the term {term}: a term missing?",
                          "zh": "与去掉 {term} 这一项的参考值吻合：漏了一项？"},
    "impl_term_sign": {"en": "matches the reference with the sign of {term} flipped",
                       "zh": "与把 {term} 变号后的参考值吻合"},
}

# The titles of the bundled theorems and derivations, by name.  A theorem of
# your own (symdiv verify --path) is titled as its Theorem(title=...) says.
TITLES: dict[str, dict[str, str]] = {
    "theorem:chain_rule_entropy": {"en": 'The chain rule of entropy', "zh": '熵的链式法则'},
    "theorem:chain_rule_entropy_three": {"en": 'The chain rule of entropy for three variables', "zh": '三个变量的熵的链式法则'},
    "theorem:chain_rule_information": {"en": 'The chain rule for mutual information', "zh": '互信息的链式法则'},
    "theorem:chain_rule_relative_entropy": {"en": 'The chain rule for relative entropy', "zh": '相对熵的链式法则'},
    "theorem:conditional_entropy_asymmetry": {"en": 'Conditional entropy is not symmetric', "zh": '条件熵不对称'},
    "theorem:independent_entropy_adds": {"en": 'The entropies of independent variables add', "zh": '独立变量的熵可加'},
    "theorem:independent_no_information": {"en": 'Independent variables share no information', "zh": '独立变量之间没有互信息'},
    "theorem:mutual_information_forms": {"en": 'The forms of mutual information', "zh": '互信息的几种形式'},
    "theorem:mutual_information_self": {"en": 'The information a variable has about itself is its entropy',
                                        "zh": '变量关于自身的信息量等于它的熵'},
    "derivation:chain_rule_entropy": {"en": 'The chain rule of entropy', "zh": '熵的链式法则'},
    "derivation:mutual_information_forms": {"en": 'The forms of mutual information', "zh": '互信息的几种形式'},
    "theorem:gibbs_inequality": {"en": "Gibbs' inequality: KL divergence is nonnegative", "zh": '吉布斯不等式：KL 散度非负'},
    "theorem:entropy_at_most_log_n": {"en": 'Entropy is at most `log n`', "zh": '熵不超过 `log n`'},
    "theorem:cross_entropy_at_least_entropy": {"en": 'Cross-entropy is at least the entropy', "zh": '交叉熵不小于熵'},
    "theorem:log_sum_inequality": {"en": 'The log-sum inequality', "zh": '对数和不等式'},
    "theorem:conditioning_reduces_entropy": {"en": 'Conditioning reduces entropy', "zh": '条件作用使熵减小'},
    "theorem:subadditivity": {"en": 'Joint entropy is subadditive', "zh": '联合熵的次可加性'},
    "theorem:information_nonnegative": {"en": 'Conditional mutual information is nonnegative', "zh": '条件互信息非负'},
    "theorem:data_processing": {"en": 'The data-processing inequality', "zh": '数据处理不等式'},
    "theorem:pinsker_binary": {"en": "Pinsker's inequality for two outcomes", "zh": '两个取值时的平斯克不等式'},
    "theorem:cross_entropy_minimiser": {"en": 'Cross-entropy is minimised at the true distribution',
                                        "zh": '交叉熵在真实分布处取最小值'},
    "theorem:kl_minimiser": {"en": 'KL divergence is minimised at the true distribution',
                             "zh": 'KL 散度在真实分布处取最小值'},
    "theorem:any_model_gradient_equality": {"en": 'Cross-entropy and KL have the same gradient for any model', "zh": '交叉熵与 KL 散度对任意模型有相同的梯度'},
    "theorem:any_model_nll_cross_entropy": {"en": 'NLL and cross-entropy have the same minimisers for any model', "zh": '对任意模型，负对数似然与交叉熵有相同的最小值点'},
    "theorem:cross_entropy_component_gradient": {"en": 'The gradient of cross-entropy in the predicted probabilities', "zh": '交叉熵对预测概率的梯度'},
    "theorem:bce_softplus": {"en": 'Binary cross-entropy of a logit is `softplus(u) - p u`', "zh": '对数几率的二元交叉熵等于 `softplus(u) - p u`'},
    "theorem:bce_stable_form": {"en": 'The stable form of binary cross-entropy with logits', "zh": '带对数几率的二元交叉熵的数值稳定形式'},
    "theorem:bce_gradient": {"en": 'The gradient of binary cross-entropy in the logit', "zh": '二元交叉熵对对数几率的梯度'},
    "theorem:bce_two_outcome_cross_entropy": {"en": 'Binary cross-entropy is the cross-entropy of two outcomes', "zh": '二元交叉熵是两个取值的交叉熵'},
    "theorem:logistic_regression_nll": {"en": "Logistic regression's NLL is binary cross-entropy summed", "zh": '逻辑回归的负对数似然等于二元交叉熵之和'},
    "theorem:gaussian_kl": {"en": 'The KL divergence between two Gaussians', "zh": '两个高斯分布之间的 KL 散度'},
    "theorem:gaussian_entropy": {"en": 'The entropy of a Gaussian', "zh": '高斯分布的熵'},
    "theorem:vae_kl_term": {"en": "The VAE's KL term", "zh": '变分自编码器的 KL 项'},
    "theorem:gaussian_nll_mse": {"en": 'Gaussian NLL and squared error have the same minimisers', "zh": '高斯负对数似然与平方误差有相同的最小值点'},
    "theorem:label_smoothing": {"en": 'Label smoothing splits the cross-entropy (smoothing over all K classes)', "zh": '标签平滑把交叉熵分成两项（在全部 K 类上平滑）'},
    "theorem:label_smoothing_off_target": {"en": 'Label smoothing splits the cross-entropy (smoothing over the other `K - 1` classes)', "zh": '标签平滑把交叉熵分成两项（在其余 `K - 1` 类上平滑）'},
    "theorem:distillation_gradient": {"en": 'The gradient of the distillation loss', "zh": '蒸馏损失的梯度'},
    "theorem:distillation_scale": {"en": 'The distillation gradient carries a factor `1/T`; the usual `1/T^2` holds only at high temperature', "zh": '蒸馏梯度的因子是 `1/T`；通常所说的 `1/T^2` 只在高温极限下成立'},
    "theorem:temperature_gradient": {"en": 'The gradient of cross-entropy with a temperature', "zh": '带温度的交叉熵的梯度'},
    "theorem:perplexity": {"en": 'Perplexity is the same in nats and in bits', "zh": '困惑度与单位无关'},
    "theorem:focal_loss_gamma_zero": {"en": 'The focal loss at `gamma = 0` is the cross-entropy', "zh": '`gamma = 0` 时焦点损失即交叉熵'},
    "theorem:certain_event_no_information": {"en": 'A certain event carries no information', "zh": '必然事件不含信息量'},
    "theorem:cross_entropy_decomposition": {"en": 'Cross-entropy is entropy plus KL divergence', "zh": '交叉熵等于熵加 KL 散度'},
    "theorem:cross_entropy_definition": {"en": 'Cross-entropy is the expected self-information under the model', "zh": '交叉熵是模型下自信息的期望'},
    "theorem:cross_entropy_kl_equivalent": {"en": 'Cross-entropy and KL divergence have the same minimisers', "zh": '交叉熵与 KL 散度有相同的最小值点'},
    "theorem:entropy_bits_nats": {"en": 'Entropy in bits is entropy in nats divided by ln 2', "zh": '以比特计的熵等于以奈特计的熵除以 ln 2'},
    "theorem:entropy_definition": {"en": 'Entropy is the expected self-information', "zh": '熵是自信息的期望'},
    "theorem:entropy_known_value": {"en": 'The entropy of (1/2, 1/4, 1/8, 1/8) is 7/4 bits', "zh": '分布 (1/2, 1/4, 1/8, 1/8) 的熵为 7/4 比特'},
    "theorem:entropy_of_uniform": {"en": 'The uniform distribution on n outcomes has entropy log n', "zh": 'n 个取值上的均匀分布的熵为 log n'},
    "theorem:gradient_equality": {"en": 'Cross-entropy and KL divergence have the same gradient', "zh": '交叉熵与 KL 散度的梯度相同'},
    "theorem:kl_asymmetry": {"en": 'KL divergence is not symmetric', "zh": 'KL 散度不对称'},
    "theorem:kl_expansion": {"en": 'KL divergence as a difference of two sums', "zh": 'KL 散度写成两个和式之差'},
    "theorem:kl_self_zero": {"en": 'The KL divergence of a distribution from itself is zero', "zh": '分布与自身的 KL 散度为零'},
    "theorem:mle_log_trick": {"en": 'Maximising the likelihood is minimising the negative log-likelihood', "zh": '最大化似然即最小化负对数似然'},
    "theorem:mle_to_cross_entropy": {"en": 'Maximum likelihood minimises the cross-entropy with the empirical distribution', "zh": '最大似然即最小化与经验分布的交叉熵'},
    "theorem:nll_cross_entropy_equivalent": {"en": 'The NLL and the cross-entropy with the empirical distribution have the same minimisers', "zh": '负对数似然与经验分布的交叉熵有相同的最小值点'},
    "theorem:nll_is_scaled_cross_entropy": {"en": 'The NLL is N times the cross-entropy with the empirical distribution', "zh": '负对数似然等于 N 乘以与经验分布的交叉熵'},
    "theorem:nll_softmax_gradient": {"en": 'The gradient of the NLL of a softmax model', "zh": 'softmax 模型负对数似然的梯度'},
    "theorem:softmax_cross_entropy_gradient": {"en": 'The gradient of softmax cross-entropy is q - p', "zh": 'softmax 交叉熵的梯度为 q − p'},
    "derivation:cross_entropy_decomposition": {"en": 'Cross-entropy is entropy plus KL divergence', "zh": '交叉熵等于熵加 KL 散度'},
    "derivation:cross_entropy_definition": {"en": 'Cross-entropy is the expected self-information under Q', "zh": '交叉熵是 Q 下自信息的期望'},
    "derivation:entropy_definition": {"en": 'Entropy is the expected self-information', "zh": '熵是自信息的期望'},
    "derivation:gradient_equality": {"en": 'Cross-entropy and KL divergence have the same gradient', "zh": '交叉熵与 KL 散度的梯度相同'},
    "derivation:kl_asymmetry": {"en": 'KL divergence is not symmetric: P = (1/2, 1/2), Q = (1/4, 3/4), in bits', "zh": 'KL 散度不对称：P = (1/2, 1/2)，Q = (1/4, 3/4)，以比特计'},
    "derivation:kl_expansion": {"en": 'The KL divergence, expanded', "zh": 'KL 散度的展开'},
    "derivation:mle_to_cross_entropy": {"en": 'Maximum likelihood is minimum cross-entropy', "zh": '最大似然即最小交叉熵'},
    "derivation:softmax_cross_entropy_gradient": {"en": 'The gradient of softmax cross-entropy is q - p', "zh": 'softmax 交叉熵的梯度为 q − p'},
}


def title(kind: str, name: str, fallback: str, lang: str = "en", *, marked: bool = False) -> str:
    """The title of the bundled theorem or derivation *name* (*kind* is ``theorem`` or
    ``derivation``) in *lang*; *fallback* (its own title) for one that is not bundled.  Its
    maths is marked as in :func:`phrase` (kept with *marked*).

    >>> title("theorem", "kl_asymmetry", "", "zh")
    'KL 散度不对称'
    >>> title("theorem", "focal_loss_gamma_zero", ""), title("theorem", "focal_loss_gamma_zero", "", marked=True)
    ('The focal loss at gamma = 0 is the cross-entropy', 'The focal loss at `gamma = 0` is the cross-entropy')
    """
    entry = TITLES.get(f"{kind}:{name}")
    if lang not in LANGUAGES:
        raise InvalidInputError(f"unknown language {lang!r}; choose one of {LANGUAGES}")
    text = entry[lang] if entry is not None else fallback
    return text if marked else text.replace("`", "")


def phrase(key: str, lang: str = "en", *, marked: bool = False) -> str:
    """The phrase for *key* in *lang* (``"en"`` or ``"zh"``).

    A phrase writes its maths in the text notation between backquotes (```log r <= r - 1```):
    a terminal shows it as written, a document typesets it (:func:`symdiv.render.documents.heading_latex`).
    *marked* keeps the backquotes for that.

    >>> phrase("termwise"), phrase("termwise", marked=True)
    ('phi(r) >= 0 for every r > 0, since log r <= r - 1', '`phi(r) >= 0` for every `r > 0`, since `log r <= r - 1`')
    """
    if lang not in LANGUAGES:
        raise InvalidInputError(f"unknown language {lang!r}; choose one of {LANGUAGES}")
    try:
        text = PHRASES[key][lang]
    except KeyError:
        raise InvalidInputError(f"no phrase for {key!r}") from None
    return text if marked else text.replace("`", "")
