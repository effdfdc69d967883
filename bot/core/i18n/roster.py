"""The roster (花名册): importing it, keeping it by buttons, claims of a name, real names."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- refusals of the roster services
    "roster.not_secretary": {
        "zh": "只有本群的书记（管理员）可以查看和修改花名册。",
        "en": "Only the group's secretaries (admins) can see and change its roster.",
    },
    "roster.file_too_big": {
        "zh": "文件太大了（最大 1 MB）。花名册一般只有几十行，请检查是否发错了文件。",
        "en": "The file is too big (1 MB at most). A roster is usually a few dozen rows.",
    },
    "roster.file_unreadable": {
        "zh": "读不出这个文件。请发送 XLSX 或 CSV 格式的花名册，可用 /roster template 获取模板。",
        "en": "I can't read this file. Please send the roster as XLSX or CSV; "
        "/roster template gives you the form.",
    },
    "roster.no_name_column": {
        "zh": "文件里没有找到“姓名”列。请按模板填写（/roster template），第一行是列名。",
        "en": 'No "姓名" (name) column found. Please use the template (/roster template), '
        "with the column names in the first row.",
    },
    "roster.too_many_rows": {
        "zh": "文件超过 {limit} 行，请只导入本支部的花名册。",
        "en": "The file has more than {limit} rows; please import one branch's roster.",
    },
    "roster.file_empty": {
        "zh": "文件里没有成员。请在“姓名”列下每行填一位同志。",
        "en": 'The file lists nobody. Please put one person per row under "姓名".',
    },
    "roster.import_gone": {
        "zh": "这次导入已过期或已处理，请重新发送花名册文件。",
        "en": "This import has expired or was already handled; please send the file again.",
    },
    "roster.entry_gone": {
        "zh": "花名册里找不到这位同志了，可能已被修改。请重新打开 /roster。",
        "en": "That person is no longer on the roster; please open /roster again.",
    },
    "roster.name_empty": {
        "zh": "姓名不能为空。",
        "en": "The name cannot be empty.",
    },
    "roster.name_too_long": {
        "zh": "名字太长了（最多 {limit} 个字）。",
        "en": "That is too long ({limit} characters at most).",
    },
    "roster.name_taken": {
        "zh": "花名册里已经有“{name}”了。同名的同志请加以区分，例如“{name}（二组）”。",
        "en": 'The roster already has "{name}". Tell namesakes apart, e.g. "{name} (2)".',
    },
    "roster.account_taken": {
        "zh": "这个 Telegram 账号已关联花名册里的另一位同志。",
        "en": "This Telegram account is already linked to someone else on the roster.",
    },
    "roster.account_taken_by": {
        "zh": "这个 Telegram 账号已关联“{name}”。请先解除那条关联。",
        "en": 'This Telegram account is already linked to "{name}". Unlink that first.',
    },
    "roster.claim_taken": {
        "zh": "这个名字已经关联了账号。如有错误，请联系书记更正。",
        "en": "That name is already linked to an account. Ask your secretary to correct it.",
    },
    "roster.claim_not_member": {
        "zh": "您不在这个工作群里，不能认领其中的名字。",
        "en": "You are not in that group, so you can't claim a name on its roster.",
    },
    "roster.claim_already_linked": {
        "zh": "您在这个群的花名册里已经有名字了。如有错误，请联系书记更正。",
        "en": "You already have a name on that group's roster. Ask your secretary to correct it.",
    },
    "roster.claim_pending": {
        "zh": "您已申请认领“{name}”，请等书记确认。",
        "en": 'You have already asked for "{name}"; your secretary will confirm.',
    },
    "roster.claim_decided": {
        "zh": "这条认领已经处理过了。",
        "en": "This claim has already been decided.",
    },
    # --- why a file row could not be read (the preview names each)
    "roster.bad.no_name": {"zh": "没有姓名", "en": "no name"},
    "roster.bad.name_too_long": {"zh": "姓名太长", "en": "name too long"},
    "roster.bad.category": {
        "zh": "类别“{value}”看不懂，应为 正式党员 或 预备党员",
        "en": 'category "{value}" is neither 正式党员 nor 预备党员',
    },
    "roster.bad.date": {
        "zh": "入党日期“{value}”看不懂，例如 2015-07-01",
        "en": 'joining date "{value}" is not a date, e.g. 2015-07-01',
    },
    "roster.bad.telegram": {
        "zh": "Telegram“{value}”应为 @用户名 或数字 ID",
        "en": 'Telegram "{value}" should be @username or a numeric id',
    },
    "roster.bad.too_long": {"zh": "“{value}”太长", "en": '"{value}" is too long'},
    "roster.bad.duplicate_name": {
        "zh": "与第 {value} 行重名",
        "en": "same name as row {value}",
    },
    "roster.bad.duplicate_account": {
        "zh": "Telegram 账号与第 {value} 行相同",
        "en": "same Telegram account as row {value}",
    },
    # --- a name that is not from the roster is marked as such wherever people are named
    "roster.fallback_name": {"zh": "{name}（昵称）", "en": "{name} (Telegram name)"},
}
