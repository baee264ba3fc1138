"""The ``--help`` of the commands in Chinese, keyed by their English text (whitespace
collapsed), as gettext keys a translation by its source; scoring/cli/help.py applies it."""

from __future__ import annotations

__all__ = ["HELP"]

HELP: dict[str, str] = {
    "Show this message and exit.": "显示此帮助并退出。",
    "Score and verify budget-performance self-evaluation forms (绩效自评表).":
        "对预算绩效自评表（绩效自评表）计分和核查。",
    "Show the version and exit.":
        "显示版本号并退出。",
    "let a rulebook file's `extends:` name a file outside its own folder (refused"
        " by default: a rulebook of unknown origin must not read files elsewhere).":
        "允许规则文件的 `extends:` 指向其所在文件夹以"
            "外的文件（默认拒绝：来历不明的规则不得读取别处的文件）。",
    "Roll forms up into one (funds summed, the same indicator combined by fund, 备注2/3). Prints"
        " the derived form's score, each form beside it with the fund-weighted mean of their"
        " totals, where aggregate-then-score and score-then-aggregate differ and why, and the"
            " reference lines checked. Exit 0 clean, 1 with an error finding, 2 if an input is unreadable.":
        "把多张表汇总为一张（资金相加，同一指标按资金合并，备注2/3）。\n\n输出汇总表的得分、各表与其总分的资金加权平"
            "均并列、先汇总后计分与先计分后汇总的差异及原因，以及核对的"
                "对照数。无问题退出码 0，有错误 1，有文件无法读取 2。",
    "the fund amount that weights each form [default: the rulebook's aggregation.by].":
        "各表加权所用的资金口径 [默认：规则的 aggregation.by]。",
    "text for people, json for programs (schemas/aggregate.schema.json).":
        "text 供人阅读，json 供程序读取（schemas/aggregate.schema.json）。",
    "figures the tables print (a kind: reference file), checked against the roll-up.":
        "报表所列的对照数（kind: reference 文件），与汇总结果核对。",
    "the department form, compared with the reference's department figures.":
        "部门整体自评表，与对照数中的部门数核对。",
    "title of the derived form.":
        "汇总表的标题。",
    "score under this rulebook.":
        "按此规则计分。",
    "include the traces in the JSON.":
        "在 JSON 中包含计算过程。",
    "language of messages and reports: zh-CN (中文) or en [default: from"
        " LC_ALL, LC_MESSAGES or LANG; zh-CN unless the locale is English].":
        "消息与报告的语言：zh-CN（中文）或 en [默认：取自 LC_ALL"
            "、LC_MESSAGES 或 LANG；除非区域设置为英文，否则为 zh-CN]。",
    "Score tables of forms and indicators exactly; columns: see scoring/batch/__init__.py. SOURCE is a folder"
        " with forms.* and indicators.* (.csv, .parquet or"
            " .arrow). CSV may be UTF-8 or GBK/GB18030 (as Excel saves"
        " it on Chinese Windows), headers English or Chinese ("
            "一级指标, 三级指标, 分值, 年度指标值, 实际完成值…); CSV output has a BOM"
            " for Excel. Exit 0 when every form was scored, 2 when"
                " a form could not be (its row says why in ``error``).":
        "精确计算表格形式的自评表与指标；各列见 scoring/batch/__init__.py。\n\nSOURCE 为含 forms.* 与"
            " indicators.* 的文件夹（.csv、.parquet 或 .arrow）。CSV 可为 UTF-8 或 GBK/GB18030"
            "（中文 Windows 上 Excel 的保存格式），表头可为"
                "英文或中文（一级指标、三级指标、分值、年度指标值、实际完成值…）"
                "；输出的 CSV 带 BOM，便于 Excel 打开。全部计分"
                    "退出码 0，有表未能计分 2（其行的 error 列说明原因）。",
    "result table, one row per form (.csv, .parquet, .arrow).":
        "结果表，每张自评表一行（.csv、.parquet、.arrow）。",
    "the forms table; SOURCE is then the indicators table.":
        "自评表的表；此时 SOURCE 为指标表。",
    "also write one row per indicator with its score.":
        "另写出每个指标一行及其得分。",
    "score every form under this rulebook (else the forms table's column).":
        "所有表都按此规则计分（否则按表中的规则列）。",
    "text encoding of CSV input (utf-8, gb18030, gbk…) [default: detected].":
        "CSV 输入的文字编码（utf-8、gb18030、gbk…）[默认：自动识别]。",
    "indicator rows read per chunk (Parquet, Arrow; CSV reads 32 MB blocks).":
        "每块读取的指标行数（Parquet、Arrow；CSV 按 32 MB 分块读取）。",
    "Print the trace of every number of one form (each form of a workbook) as a tree.":
        "以树形输出一张表（工作簿中的每张表）每个数的计算过程。",
    "score under this rulebook instead of the one each form names.":
        "按此规则计分，而不按各表指定的规则。",
    "Transcribe each form of a workbook (.xlsx, .xls) into YAML, one"
        " file per sheet. The YAML verifies with the same findings as the"
        " workbook (named by line instead of cell); each value's cell is"
            " noted in a comment. Exit 0, or 2 if the workbook cannot be read.":
        "把工作簿（.xlsx、.xls）中的每张表录入为 YAML，每个工作表一个文件。\n\n所得 YAML 的核"
            "查结果与工作簿相同（位置以行号代替单元格）；每个值所在"
                "的单元格记在注释中。退出码 0，工作簿无法读取时为 2。",
    "folder to write one YAML form per sheet into (made if missing).":
        "写入 YAML 的文件夹，每个工作表一个文件（不存在时新建）。",
    "Rulebooks: the rule sets forms are scored under, what they rest on, and their proofs.":
        "计分规则：各表所依据的规则、其出处和证明。",
    "Prove every formula over its declared domain: 0 ≤ score ≤ weight, monotone in the"
        " actual in the declared direction, full weight when the target is met (and no"
        " division by zero at sample points). A refuted property prints its counterexample;"
            " exit 1 if any is refuted. Without an argument every built-in rulebook is checked.":
        "在声明的定义域上证明每个公式：0 ≤ 得分 ≤ 分值，随实际完成值按声明方向单调，达成目标得满分（并"
            "在样本点上无除以零）。不成立的性质给出反例；有不成"
                "立者退出码 1。\n\n不给参数时检查全部内置规则。",
    "text for people, json for programs.":
        "text 供人阅读，json 供程序读取。",
    "prove again instead of reusing cached results.":
        "重新证明，不用缓存的结果。",
    "Every built-in rulebook: id, title, period, region.":
        "全部内置规则：编号、名称、适用期间、地区。",
    "Every parameter of a rulebook with its value and the source it rests on.":
        "规则的每个参数及其取值和出处。",
    "Which rulebook scores a form, how it was chosen, and why every other one was not."
        " Exit 0 when a rulebook is chosen, 2 when none fits (or the form cannot be read).":
        "一张表按哪个规则计分、如何选定，以及为何不选其他规则。\n\n"
            "选定规则退出码 0，无适用规则（或表无法读取）为 2。",
    "the rulebook --rulebook would give (overrides the form's choice).":
        "--rulebook 将给出的规则（优先于表内的指定）。",
    "Compute every score of each form: a table per form, with why a row is not full marks.":
        "计算每张表的每个得分：每表一张表格，并说明各行为何未得满分。",
    "text for people, json for programs (schemas/report.schema.json),"
        " html: one page to send, xlsx: a workbook (needs -o).":
        "text 供人阅读，json 供程序读取（schemas/report.schema.json"
            "），html：一个可发送的网页，xlsx：工作簿（须用 -o）。",
    "include each form's trace in the JSON.":
        "在 JSON 中包含每张表的计算过程。",
    "html: only the forms with an error finding, and only their errors (a short print).":
        "html：只含有错误的表，且只列其错误（打印简短）。",
    "the .xlsx to write with --format xlsx.":
        "--format xlsx 写出的 .xlsx 文件。",
    "Serve the API (/v1/verify, /v1/score, /v1/aggregate, /docs) and the upload page (/).":
        "提供 API（/v1/verify、/v1/score、/v1/aggregate、/docs）和上传页面（/）。",
    "address to listen on.":
        "监听的地址。",
    "largest request body, in bytes.":
        "请求体的最大字节数。",
    "most forms in one request.":
        "一次请求最多的表数。",
    "seconds of work one request may take.":
        "一次请求最多可用的秒数。",
    "seconds a request's body may take to arrive.":
        "请求体传输最多可用的秒数。",
    "Write a blank form in the official Hubei layout to fill in with"
        " Excel, WPS or LibreOffice. Dropdowns for the indicator levels, grade"
        " words and comparators; formulas for the execution rate, score and"
            " total where the rulebook's formulas allow; instructions in Chinese.":
        "写出湖北官方格式的空白自评表，用 Excel、WPS 或 LibreOffice 填写。\n\n"
            "含指标层级、评价用语和比较符的下拉框；规则公式允许时，执行率、得分和总分带公式；填写说明为中文。",
    "the rulebook whose points, grade words and formulas the form uses.":
        "表格所用分值、评价用语和公式的规则。",
    "项目支出 or 部门整体 self-evaluation form.":
        "项目支出或部门整体自评表。",
    "empty indicator rows.":
        "空白指标行数。",
    "the .xlsx to write.":
        "要写出的 .xlsx 文件。",
    "Run YAML expected-result cases: a form and a rulebook, the numbers they"
        " must give and the complete list of findings (docs/testing.md). Folders"
        " are searched for *.yaml cases (forms and rulebooks beside them are"
            " left out). Exit 0 all pass, 1 a case fails, 2 a case cannot be read.":
        "运行 YAML 预期结果用例：一张表和一个规则，应得的数值和完整的问题清单（docs/testing.md）。\n\n"
            "搜索文件夹中的 *.yaml 用例（其旁的表和规则不计）"
                "。全部通过退出码 0，有用例不符 1，有用例无法读取 2。",
    "resolve the form and rulebook files cases name against this folder [default: each case's own folder].":
        "用例所指的表和规则文件相对于此文件夹 [默认：各用例所在文件夹]。",
    "Check every stated number; exit 0 clean, 1 if a form has an error"
        " finding, 2 if unreadable. Directories are searched for *.yaml forms;"
        " many files are checked in parallel, with a progress bar when stderr"
            " is a terminal, and every unreadable file is listed at the end.":
        "核对每个所列数字；无问题退出码 0，有表含错误 1，有文件无法读取 2。\n\n搜索文件夹中的"
            " *.yaml 表；多个文件并行核对，stderr 为终端时显示进度条，最后列出每个无法读取的文件。",
    "text for people; json: one document (schemas/report.schema.json); jsonl: one"
        " line per form as it is done, in input order, then a summary line (for piping"
        " huge runs); html: one self-contained page, written when every form is done (not"
            " streamed); xlsx: a workbook, a summary sheet and a sheet per form (needs -o).":
        "text 供人阅读；json：一个文档（schemas/report.schema.json"
            "）；jsonl：每张表核对完即输出一行，按输入顺序，最后"
            "一行为汇总（便于管道处理大批量）；html：一个独立网页，全部完成后写出（"
                "不流式输出）；xlsx：工作簿，一个汇总表和每张表一个工作表（须用 -o）。",
    "worker processes for many files [default: the number of CPUs].":
        "处理多个文件的工作进程数 [默认：CPU 数]。",
}
"""Chinese help by the English help it stands for."""
