"""Labels and sentences of the commands beside ``verify`` and ``score``: ``rules``, ``test``,
``batch``, ``import``, ``template``, and the usage errors every command shares."""

from __future__ import annotations

from scoring.i18n.terms import Message

__all__ = ["COMMANDS"]

M = Message

COMMANDS: dict[str, Message] = {
    # jixiao rules list / show / which / check
    "rules.id": M("规则", "id"),
    "rules.period": M("适用期间", "period"),
    "rules.region": M("地区", "region"),
    "rules.forms": M("表类", "forms"),
    "rules.title": M("名称", "title"),
    "rules.named_only": M("（仅在指定时使用）", " (named only)"),
    "rules.head": M("  地区 {region}，适用期间 {period}，文件 {file}{extends}",
                    "  region {region}, period {period}, file {file}{extends}"),
    "rules.extends": M("，继承 {parent}", ", extends {parent}"),
    "rules.parameters": M("参数", "parameters"),
    "rules.source": M("      依据 {name}：{document} {clause}（{confidence}）",
                      "      source {name}: {document} {clause} [{confidence}]"),
    "rules.url": M("      网址 {url}", "      url {url}"),
    "rules.note": M("      说明 {note}", "      note {note}"),
    "rules.claims": M("      性质 {claim}", "      claims {claim}"),
    "rules.formulas": M("公式", "formulas"),
    "rules.vocabulary": M("评价用语（定性指标的实际完成值 → 等级）", "vocabulary (qualitative"
        " actual → grade)"),
    "rules.policy": M("  规则：{policy}", "  policy: {policy}"),
    "rules.directions": M("比较方向（目标值未印比较符时）", "directions (a target printed"
        " without a comparator)"),
    "rules.headings_with": M("标题含 {words}", "headings with {words}"),
    "rules.names_with": M("名称含 {words}", "names with {words}"),
    "rules.unless": M("，名称含 {words} 的除外", ", unless the name has {words}"),
    "rules.otherwise": M("  其他情况 {op}（indicators.default_op）", "  otherwise {op}"
        " (indicators.default_op)"),
    "rules.check_head": M("{id}（{file}）", "{id}  ({file})"),
    "rules.region_n": M(" [第 {n} 段]", " [region {n}]"),
    "rules.counterexample": M("反例", "counterexample"),
    "rules.summary": M("合计：{tally}", "summary: {tally}"),
    "rules.status.proved": M("已证明", "proved"),
    "rules.status.refuted": M("不成立", "REFUTED"),
    "rules.status.unproved": M("未证明", "unproved"),
    "rules.status.sampled": M("已抽样", "sampled"),
    "which.form": M("{file}：{title} [{kind}，{year} 年，地区 {region}]",
                    "{file}: {title} [{kind}, {year}, region {region}]"),
    "which.none": M("  无适用规则：{error}", "  no rulebook: {error}"),
    "which.builtins": M("内置规则", "built-in rulebooks"),
    "which.fits": M("适用", "fits"),
    "which.chosen": M("  规则 {id} — {title}", "  rulebook {id} — {title}"),
    "which.why": M("  理由：{reason}", "  why: {reason}"),
    "which.warning": M("  警告：{warning}", "  warning: {warning}"),
    "which.passed_over": M("未选用", "passed over"),
    "which.not_named": M("按年度和地区适用，但不是表内指定的规则", "fits by year and region,"
        " but is not the one named"),
    # jixiao test
    "test.pass": M("通过", "PASS"),
    "test.fail": M("不符", "FAIL"),
    "test.error": M("无法运行", "ERROR"),
    "test.summary": M("共 {n} 个用例：{passed} 个通过，{failed} 个不符，{errors} 个无法读取",
                      "{n} {cases}: {passed} passed, {failed} failed, {errors} could not be read"),
    "test.none": M("{paths} 下没有用例文件（*.yaml、*.yml）", "no case files (*.yaml, *.yml) under {paths}"),
    "test.internal": M("内部错误：{error}", "internal error: {error}"),
    # jixiao batch
    "batch.summary": M("{forms} 张表，{rows} 行指标，用时 {took}"
        " 秒（每秒 {speed} 行）；{failed} 张表未能计分",
                       "{forms} form(s), {rows} indicator row(s) in {took} s ({speed} rows/s); "
                       "{failed} form(s) not scored"),
    "batch.note": M("说明：{note}", "note: {note}"),
    "batch.more": M("另有 {n} 张（见 error 列）", "and {n} more (see the error column)"),
    "batch.failed": M("jixiao batch：{error}", "jixiao batch: {error}"),
    "batch.folder": M("请给出含 forms.* 和 indicators.* 的文件夹，或用 --forms 指定表",
                      "give a folder with forms.* and indicators.*, or --forms FILE"),
    # jixiao import / template
    "import.failed": M("无法导入 {file}：\n{error}", "cannot import {file}:\n{error}"),
    "import.head": M("# 由 jixiao import 从 {file} 的工作表 {sheet} 录入\n",
                     "# transcribed by jixiao import from {file}, sheet {sheet}\n"),
    "template.suffix": M("{file}：模板须写为 .xlsx", "{file}: the template is written as .xlsx"),
    "write.failed": M("无法写入 {file}：{why}", "cannot write {file}: {why}"),
    "xlsx.needs_out": M("--format xlsx 须用 -o 指定 OUT.xlsx", "--format xlsx needs -o OUT.xlsx"),
    "no_forms": M("{paths} 下没有自评表文件（*.yaml、*.yml、*.xlsx、*.xls）",
                  "no form files (*.yaml, *.yml, *.xlsx, *.xls) under {paths}"),
    # --help (click's headings)
    "help.usage": M("用法：", "Usage: "),
    "help.options_arg": M("[选项]", "[OPTIONS]"),
    "help.options": M("选项", "Options"),
    "help.commands": M("命令", "Commands"),
    "help.arguments": M("参数", "Arguments"),
    # usage errors (click)
    "usage.line": M("用法：{usage}", "Usage: {usage}"),
    "usage.try": M("运行 '{command} --help' 查看帮助。", "Try '{command} --help' for help."),
    "usage.error": M("错误：{message}", "Error: {message}"),
    "usage.no_path": M("路径 '{path}' 不存在", "Path '{path}' does not exist"),
    "usage.is_dir": M("'{path}' 是文件夹，此处应为文件", "File '{path}' is a directory"),
    "usage.no_option": M("没有选项 '{option}'", "No such option '{option}'"),
    "usage.missing": M("缺少参数 {param}", "Missing argument {param}"),
    "usage.choice": M("{param} 的取值 '{value}' 不在 {choices} 之中", "'{value}' is not one"
        " of {choices} ({param})"),
    "usage.bad": M("{param} 的取值无效：{message}", "Invalid value for {param}: {message}"),
    # a verify run
    "progress.line": M("[{bar}] {done}/{total} 张表  每秒 {rate} 张  剩余 {left}",
                       "[{bar}] {done}/{total} forms  {rate}/s  {left} left"),
    "run.partial": M("未完成：核查 {asked} 个文件中的 {checked} 个后被 {why} 中断",
                     "PARTIAL: interrupted by {why} after {checked} of {asked} file(s)"),
    "aggregate.failed": M("无法汇总 {file}：\n{error}", "cannot roll up {file}:\n{error}"),
    "read.failed": M("无法读取 {file}：{why}", "cannot read {file}: {why}"),
    "serve.extra": M("服务需要其附加组件：pip install 'jixiao[service]'（缺少 {name}）",
                     "the service needs its extra: pip install 'jixiao[service]' ({name} is missing)"),
    # the end of a run
    "guard.interrupted": M("已中断", "interrupted"),
    "guard.terminated": M("已终止", "terminated"),
    "guard.internal": M("内部错误：{error}", "internal error: {error}"),
}
"""The interface texts of the other commands, by key (merged into ``ui.UI``)."""
