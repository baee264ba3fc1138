"""The Chinese of the commands' own texts in English (see ``phrases``): why a file cannot be
read, usage errors, proofs, expected-result cases, tables, and why a rulebook was chosen."""

from __future__ import annotations

from scoring.i18n.terms import Message

__all__ = ["COMMAND_SENTENCES"]

M = Message

COMMAND_SENTENCES: tuple[tuple[str, Message], ...] = (
    # -- why a file cannot be read
    (r"missing required key '(?P<name>[^']+)'", M("缺少必填项 '{name}'", "")),
    (r"unknown key '(?P<name>[^']+)', did you mean '(?P<close>[^']+)'\?",
     M("未知的键 '{name}'，是否应为 '{close}'？", "")),
    (r"unknown key '(?P<name>[^']+)'", M("未知的键 '{name}'", "")),
    (r"expected one of (?P<tags>.+), got (?P<got>.+)", M("应为 {tags} 之一，实为 {got}", "")),
    (r"one of (?P<names>.+)", M("以下之一：{names}", "")),
    (r"got (?P<value>.+)", M("实为 {value}", "")),
    (r"a valid (?P<what>\w+)(?:, .*)?", M("有效的{what}", "")),
    (r"YAML syntax error: .*", M("YAML 语法错误：此处无法解析（常见原因"
        "：括号或引号未闭合、缩进不齐、冒号后缺空格）", "")),
    (r"expected a mapping at the top of the file", M("文件顶层应为“键: 值”的映射", "")),
    (r"`key: value` lines", M("“键: 值”形式的行", "")),
    (r"the YAML is nested too deeply", M("YAML 嵌套过深", "")),
    (r"the file is not valid UTF-8", M("文件不是有效的 UTF-8 编码", "")),
    (r"cannot read the file: (?P<why>.+)", M("无法读取文件：{why}", "")),
    (r"not a regular file", M("不是普通文件", "")),
    (r"unknown rulebook '(?P<id>[^']+)'", M("未知的规则 '{id}'", "")),
    (r"unknown parent rulebook '(?P<id>[^']+)'", M("未知的上级规则 '{id}'", "")),
    (r"the rulebook file (?P<file>\S+) does not exist \(looked for (?P<path>.+)\)",
     M("规则文件 {file} 不存在（查找位置 {path}）", "")),
    (r"no rulebook in force for year (?P<year>\d+) and region (?P<region>.+)",
     M("{year} 年度、地区 {region} 没有适用的计分规则", "")),
    (r"no rulebook of (?P<region>.+) is in force in (?P<year>\d+) \((?P<editions>[^)]*)\)(?P<rest>.*)",
     M("{region} 没有适用于 {year} 年度的计分规则（{editions}）{rest}", "")),
    (r"a rulebook id in the form or --rulebook", M("表内或 --rulebook 指定的规则 id", "")),
    (r"a rulebook file relative to the form, or a built-in id", M("相对于本表的规则文件，或内置规则 id", "")),
    (r"not a form: reference figures \(kind: reference\) for `jixiao aggregate --reference`",
     M("非自评表：供 `jixiao aggregate --reference` 使用的对照数（kind: reference）", "")),
    (r"not a form: a rulebook \(named by the forms beside it, or `--rulebook`\)",
     M("非自评表：计分规则文件（由同目录的表或 `--rulebook` 指定）", "")),
    (r"half-up to (?P<step>\S+)", M("四舍五入到 {step}", "")),
    (r"down to (?P<step>\S+)", M("截尾到 {step}", "")),
    (r"half-even to (?P<step>\S+)", M("四舍六入五成双到 {step}", "")),
    # -- proofs (jixiao rules check)
    (r"over (?P<domain>.+): (?P<dir>increasing|decreasing)"
        r" in (?P<var>\S+), full (?P<max>\S+) when (?P<met>.+)",
     M("在 {domain} 上：随{var}{dir}，{met} 时得满分（{max}）", "")),
    (r"proved with sympy: (?P<what>.+?) wherever '(?P<met>[^']+)'"
        r" holds, on each of (?P<n>\d+) cases; (?P<rest>.+)",
     M("已用 sympy 证明：凡 '{met}' 成立处 {what}，全部 {n} 种情形均成立；{rest}", "")),
    (r"proved with sympy: (?P<what>.+?) on each of (?P<n>\d+) cases; (?P<rest>.+)",
     M("已用 sympy 证明：{what}，全部 {n} 种情形均成立；{rest}", "")),
    (r"proved with sympy: (?P<what>.+?) for a1 ≤ a2 on all (?P<n>\d+) ordered pairs of cases; (?P<rest>.+)",
     M("已用 sympy 证明：a1 ≤ a2 时 {what}，全部 {n} 对情形均成立；{rest}", "")),
    (r"no counterexample among (?P<n>\d+) exact sample points \((?P<m>\d+) could not be scored, e\.g\. "
     r"division by zero\)", M("{n} 个精确样本点中无反例（{m} 个无法计分，如除以零）", "")),
    (r"no counterexample among (?P<n>\d+) exact sample points", M("{n} 个精确样本点中无反例", "")),
    (r"no division by zero at (?P<n>\d+) sample points", M("{n} 个样本点上无除以零", "")),
    (r"no symbolic proof(?P<rest>.*)", M("无符号证明{rest}", "")),
    # -- expected-result cases (jixiao test)
    (r"no form file (?P<file>.+) \(line (?P<line>\d+): form paths are relative to the case's folder\)",
     M("没有表文件 {file}（第 {line} 行：表的路径相对于用例所在文件夹）", "")),
    (r"no form file (?P<file>.+) \(line (?P<line>\d+): form paths are relative to --root\)",
     M("没有表文件 {file}（第 {line} 行：表的路径相对于 --root）", "")),
    (r"cannot check the form: (?P<why>.+)", M("无法核查此表：{why}", "")),
    (r"cannot read (?P<file>\S+): (?P<why>.+)", M("无法读取 {file}：{why}", "")),
    (r"(?P<key>expect\.\S+) \(line (?P<line>\d+)\): expected (?P<want>.+), computed (?P<got>.+)",
     M("{key}（第 {line} 行）：应为 {want}，核算为 {got}", "")),
    (r"(?P<at>findings\[\d+\]) \(line (?P<line>\d+)\): no (?P<code>\S+) at (?P<path>\S+) was raised",
     M("{at}（第 {line} 行）：{path} 处未出现 {code}", "")),
    (r"(?P<at>findings\[\d+\]) \(line (?P<line>\d+)\) (?P<code>\S+) at (?P<path>\S+): (?P<rest>.+)",
     M("{at}（第 {line} 行）{path} 处的 {code}：{rest}", "")),
    (r"unexpected finding (?P<code>\S+) at (?P<path>\S+)"
        r" \((?P<sev>\w+), diagnosis (?P<diag>\S+)\): (?P<msg>.+)",
     M("多出的问题 {code}，位于 {path}（{sev}，诊断 {diag}）：{msg}", "")),
    (r"(?P<path>\S+): printed (?P<p>\S+), computed (?P<c>\S+), and no finding says why",
     M("{path}：所列 {p}，核算 {c}，且没有问题说明原因", "")),
    # -- tables (jixiao batch) and workbooks
    (r"(?P<folder>\S+): (?P<what>no|more than one) (?P<stem>\w+) table \((?P<names>.+)\)",
     M("{folder}：{what} {stem} 表（{names}）", "")),
    (r"unknown rulebook", M("未知的规则", "")),
    (r"jixiao cannot read (?P<suffix>\S+) files", M("jixiao 不能读取 {suffix} 文件", "")),
    (r"save it as \.xlsx \(Excel 2007\+\) in the office suite and read that file",
     M("请在办公软件中另存为 .xlsx（Excel 2007 及以上）后再读取", "")),
    (r"(?P<path>\S+): internal error while checking: (?P<error>.+)",
     M("{path}：检查时出现内部错误：{error}", "")),
    (r"internal error: (?P<error>.+)", M("内部错误：{error}", "")),
    # -- usage errors (click)
    (r"Invalid value for '(?P<param>[^']+)': Path '(?P<path>.+)' does not exist\.",
     M("{param} 的取值无效：路径 '{path}' 不存在", "")),
    (r"Invalid value for '(?P<param>[^']+)': (?:File|Directory) '(?P<path>.+)' is a directory\.",
     M("{param} 的取值无效：'{path}' 是文件夹，此处应为文件", "")),
    (r"Invalid value for '(?P<param>[^']+)': '(?P<value>.+)' is not one of (?P<choices>.+)\.",
     M("{param} 的取值 '{value}' 无效，应为 {choices} 之一", "")),
    (r"Invalid value for '(?P<param>[^']+)': (?P<why>.+)", M("{param} 的取值无效：{why}", "")),
    (r"No such option:? '?(?P<option>[^'\s]+?)'?\.? Did you mean '?(?P<close>[^'?\s]+)'?\?",
     M("没有选项 '{option}'，是否应为 '{close}'？", "")),
    (r"No such option:? '?(?P<option>[^'\s]+?)'?\.?", M("没有选项 '{option}'", "")),
    (r"No such command '(?P<command>[^']+)'\.", M("没有命令 '{command}'", "")),
    (r"Missing argument '(?P<param>[^']+)'\.", M("缺少参数 '{param}'", "")),
    (r"Missing option '(?P<param>[^']+)'\.", M("缺少选项 '{param}'", "")),
    (r"Got unexpected extra arguments? \((?P<args>.+)\)", M("多余的参数（{args}）", "")),
    (r"Option '(?P<option>[^']+)' requires an argument\.", M("选项 '{option}' 需要取值", "")),
    # -- which rulebook scores a form
    (r"its period (?P<period>.+) does not cover (?P<year>\d+)", M("其适用期间 {period} 不含 {year} 年", "")),
    (r"its region (?P<region>\S+) does not cover no region \(only a 全国 rulebook fits\)",
     M("其地区为 {region}，而本表未写地区（只有全国性的规则适用）", "")),
    (r"its region (?P<region>\S+) does not cover (?P<where>.+)", M("其地区 {region} 不含 {where}", "")),
    (r"it is written for (?P<kinds>\S+) forms, not (?P<kind>\S+)", M("适用于{kinds}表，而本表为{kind}", "")),
    (r"it is chosen only when a form or --rulebook names it", M("仅在表内或 --rulebook 指定时使用", "")),
    (r"fits by year and region, but is not the one named", M("按年度和地区适用，但不是表内指定的规则", "")),
    (r"(?P<id>\S+) is in force (?P<period>.+), which does not cover the form's year (?P<year>\d+): "
     r"the form is scored under it because it is named",
     M("{id} 的适用期间 {period} 不含本表年度 {year}：因表内指定，仍按其计分", "")),
    (r"the form names the rulebook file (?P<file>.+)", M("表内指定规则文件 {file}", "")),
    (r"the form names (?P<id>.+)", M("表内指定 {id}", "")),
    (r"--rulebook (?P<id>\S+) overrides the form's own choice", M("--rulebook {id} 优先于表内的指定", "")),
    (r"chosen by year, region and kind: (?P<scope>.+); in force (?P<start>\S+) – covers (?P<year>\d+)",
     M("按年度、地区和表类选定：{scope}；自 {start} 起适用，含 {year} 年", "")),
    (r"chosen by year, region and kind: (?P<scope>.+); in force (?P<period>.+) covers (?P<year>\d+)",
     M("按年度、地区和表类选定：{scope}；适用期间 {period} 含 {year} 年", "")),
    (r"no rulebook of no region's own fits, so the nationwide (?P<id>\S+)",
     M("本表未写地区，只有全国性的规则适用：{id}", "")),
    (r"no rulebook of (?P<region>.+)'s own fits, so the nationwide (?P<id>\S+)",
     M("{region} 本地没有适用的规则，故用全国性的 {id}", "")),
    (r"(?P<id>\S+) is more specific or more recent", M("{id} 更具体或更新", "")),
    (r"(?P<a>\S+) covers (?P<b>.+)", M("{a} 涵盖 {b}", "")),
)
"""Whole texts of the commands, by an English pattern."""
