"""The roster's Telegram side: /roster and its buttons, the import preview, 「我是…」 claims."""

from bot.core.i18n.lang import Texts

TEXTS: Texts = {
    # --- /roster: the list
    "roster.ui.header": {
        "zh": "{group} 花名册（第 {page}/{pages} 页）",
        "en": "{group} roster (page {page}/{pages})",
    },
    "roster.ui.counts": {
        "zh": "共 {total} 人，未关联 {unlinked} 人，未在花名册 {unrostered} 人",
        "en": "{total:person|people}, {unlinked} not linked, {unrostered} not on the roster",
    },
    "roster.ui.legend": {
        "zh": "✅ 已关联  ⚪ 未关联  🔸未在花名册。点姓名可修改。",
        "en": "✅ linked  ⚪ not linked  🔸 not on the roster. Tap a name to edit.",
    },
    "roster.ui.empty": {
        "zh": "花名册还是空的。可点「➕ 添加」，或按模板填好后把文件发给我。",
        "en": "The roster is empty. Tap ➕ Add, or fill in the template and send me the file.",
    },
    "roster.ui.add": {"zh": "➕ 添加", "en": "➕ Add"},
    "roster.ui.unrostered": {"zh": "未在花名册 ({n})", "en": "Not on roster ({n})"},
    "roster.ui.template": {"zh": "📄 模板", "en": "📄 Template"},
    "roster.ui.export": {"zh": "📤 导出", "en": "📤 Export"},
    "roster.ui.usage": {
        "zh": "用法：/roster 查看花名册；/roster template 获取模板。",
        "en": "Usage: /roster shows the roster; /roster template sends the template.",
    },
    "roster.ui.pick_group": {
        "zh": "您管理多个群，请选择要查看哪个群的花名册：",
        "en": "You run several groups. Whose roster?",
    },
    "roster.ui.private_only": {
        "zh": "花名册含成员姓名，请私聊我发送 /roster。",
        "en": "The roster names members; please send /roster to me in a private chat.",
    },
    "roster.ui.stale": {
        "zh": "这个按钮已过期，请重新打开 /roster。",
        "en": "This button is out of date; please open /roster again.",
    },
    # --- a person's card
    "roster.ui.blank": {"zh": "未填", "en": "not given"},
    "roster.ui.card_name": {"zh": "姓名：{name}", "en": "Name: {name}"},
    "roster.ui.card_category": {"zh": "类别：{value}", "en": "Category: {value}"},
    "roster.ui.card_party_group": {"zh": "党小组：{value}", "en": "Party group: {value}"},
    "roster.ui.card_joined": {"zh": "入党日期：{value}", "en": "Joined the Party: {value}"},
    "roster.ui.card_duty": {"zh": "职务：{value}", "en": "Duty: {value}"},
    "roster.ui.linked": {"zh": "Telegram：✅ 已关联", "en": "Telegram: ✅ linked"},
    "roster.ui.unlinked": {"zh": "Telegram：⚪ 未关联", "en": "Telegram: ⚪ not linked"},
    "roster.ui.transferred": {
        "zh": "已转出（保留在历史记录中，不再计入应学）。",
        "en": "Transferred out (kept in the history, no longer expected).",
    },
    "roster.ui.rename": {"zh": "改名", "en": "Rename"},
    "roster.ui.move": {"zh": "调整党小组", "en": "Party group"},
    "roster.ui.transfer": {"zh": "转出", "en": "Transfer out"},
    "roster.ui.unlink": {"zh": "解除关联", "en": "Unlink"},
    "roster.ui.relink": {"zh": "关联账号", "en": "Link account"},
    "roster.ui.back": {"zh": "◀ 返回", "en": "◀ Back"},
    "roster.ui.ask_name": {
        "zh": "请输入新的姓名：",
        "en": "Please type the new name:",
    },
    "roster.ui.renamed": {"zh": "已改名。", "en": "Renamed."},
    "roster.ui.ask_party_group": {
        "zh": "请输入党小组名称：",
        "en": "Please type the party group's name:",
    },
    "roster.ui.ask_new_name": {
        "zh": "请输入要添加的同志的姓名：",
        "en": "Please type the name of the person to add:",
    },
    "roster.ui.name_hint": {"zh": "姓名", "en": "Name"},
    "roster.ui.party_group_hint": {"zh": "党小组名称", "en": "Party group"},
    "roster.ui.move_pick": {"zh": "调到哪个党小组？", "en": "Which party group?"},
    "roster.ui.move_other": {"zh": "其他…", "en": "Other…"},
    "roster.ui.moved": {"zh": "已调到{name}。", "en": "Moved to {name}."},
    "roster.ui.transfer_ask": {
        "zh": "确定将“{name}”转出吗？转出后保留在历史记录中，今后不再计入应学。",
        "en": 'Transfer "{name}" out? They stay in the history and are no longer expected.',
    },
    "roster.ui.transfer_yes": {"zh": "确认转出", "en": "Transfer out"},
    "roster.ui.transferred_done": {"zh": "“{name}”已转出。", "en": '"{name}" transferred out.'},
    "roster.ui.unlinked_done": {"zh": "已解除关联。", "en": "Unlinked."},
    "roster.ui.linked_done": {"zh": "已关联。", "en": "Linked."},
    "roster.ui.relink_pick": {
        "zh": "把“{name}”关联到哪个账号？（以下是在群里但未在花名册的账号）",
        "en": 'Link "{name}" to which account? (accounts in the group, not on the roster)',
    },
    "roster.ui.relink_none": {
        "zh": "群里没有未在花名册的账号，暂时无法为“{name}”关联。"
        "本人也可以私聊我发送 /start 认领名字。",
        "en": 'No account in the group is off the roster, so "{name}" can\'t be linked now. '
        "They can also send me /start and claim their name.",
    },
    # --- 未在花名册
    "roster.ui.unrostered_header": {
        "zh": "未在花名册（{n} 人）：在群里，但花名册上没有。\n"
        "「加入」以其 Telegram 名字加入花名册（之后可改名）；「非本支部党员」不再计入。",
        "en": "Not on the roster ({n}): in the group, not on the roster.\n"
        '"Add" puts them on it under their Telegram name (rename later); '
        '"Not a member" stops counting them.',
    },
    "roster.ui.unrostered_add": {"zh": "加入花名册：{name}", "en": "Add: {name}"},
    "roster.ui.dismiss": {"zh": "非本支部党员", "en": "Not a member"},
    "roster.ui.unrostered_none": {
        "zh": "群里的人都在花名册上了。",
        "en": "Everyone in the group is on the roster.",
    },
    "roster.ui.dismissed": {"zh": "已标记为非本支部党员。", "en": "Marked as not a member."},
    "roster.ui.added_offer_rename": {
        "zh": "已将“{name}”加入花名册。如这是昵称，请点「改名」填写真实姓名。",
        "en": 'Added "{name}" to the roster. If that is a nickname, tap Rename.',
    },
    # --- files
    "roster.ui.template_caption": {
        "zh": "花名册模板：每行一位同志，“姓名”必填；类别填 正式党员 或 预备党员；"
        "入党日期如 2015-07-01；Telegram 填 @用户名 或数字 ID（可空）。填好后把文件发给我。",
        "en": "Roster template: one person per row, 姓名 required; 类别 is 正式党员 or "
        "预备党员; 入党日期 like 2015-07-01; Telegram is @username or an id (optional). "
        "Send me the file when filled in.",
    },
    "roster.ui.export_caption": {
        "zh": "当前花名册，共 {n} 人。修改后发回给我即可导入。",
        "en": "The roster now: {n:person|people}. Edit it and send it back to import.",
    },
    # --- the import preview
    "roster.field.category": {"zh": "类别", "en": "category"},
    "roster.field.party_group": {"zh": "党小组", "en": "party group"},
    "roster.field.joined_party_on": {"zh": "入党日期", "en": "joining date"},
    "roster.field.duty": {"zh": "职务", "en": "duty"},
    "roster.field.telegram": {"zh": "Telegram", "en": "Telegram"},
    "roster.field.remark": {"zh": "备注", "en": "remark"},
    "roster.field.restored": {"zh": "恢复（曾转出）", "en": "restored (was transferred out)"},
    "roster.preview.header": {
        "zh": "{group} 花名册导入预览：新增 {new} 人，变更 {changed} 人，不变 {unchanged} 人。",
        "en": "{group} roster import preview: {new} new, {changed} changed, {unchanged} unchanged.",
    },
    "roster.preview.more": {"zh": " 等（另有 {n} 人）", "en": " and {n} more"},
    "roster.preview.new": {"zh": "新增：{names}", "en": "New: {names}"},
    "roster.preview.changed": {"zh": "变更：", "en": "Changed:"},
    "roster.preview.changed_line": {"zh": "· {name}：{fields}", "en": "· {name}: {fields}"},
    "roster.preview.absent": {
        "zh": "文件中未列出的 {n} 人保持不变（如需转出，请在 /roster 中操作）。",
        "en": "{n:person|people} not in the file stay as they are (transfer them out in /roster).",
    },
    "roster.preview.bad": {
        "zh": "有 {n} 行读不懂，不会导入：",
        "en": "{n:row|rows} could not be read and will not be imported:",
    },
    "roster.preview.bad_line": {
        "zh": "· 第 {line} 行（{name}）：{reason}",
        "en": "· row {line} ({name}): {reason}",
    },
    "roster.preview.ask": {
        "zh": "确认后才会保存。可修改文件后重新发送。",
        "en": "Nothing is stored until you confirm. You may fix the file and send it again.",
    },
    "roster.preview.confirm": {"zh": "✅ 确认导入", "en": "✅ Import"},
    "roster.preview.cancel": {"zh": "取消", "en": "Cancel"},
    "roster.import.done": {
        "zh": "已导入{group}花名册：新增 {added} 人，变更 {changed} 人，"
        "关联 Telegram 账号 {linked} 个。",
        "en": "{group} roster imported: {added} added, {changed} changed, "
        "{linked} Telegram accounts linked.",
    },
    "roster.import.cancelled": {
        "zh": "已取消，花名册没有变化。",
        "en": "Cancelled; the roster is unchanged.",
    },
    "roster.import.pick_group": {
        "zh": "您管理多个群，这份花名册是哪个群的？",
        "en": "You run several groups. Which group is this roster for?",
    },
    "roster.import.download_failed": {
        "zh": "文件没能下载下来，请稍后再发一次。",
        "en": "I couldn't download the file; please send it again in a moment.",
    },
    # --- 「我是…」 claims
    "claim.question": {
        "zh": "请问您是花名册上的哪一位？（{group}）",
        "en": "Which name on the roster is yours? ({group})",
    },
    "claim.none": {"zh": "都不是", "en": "None of these"},
    "claim.button": {"zh": "我是…", "en": "I am…"},
    "claim.none_done": {
        "zh": "好的。如花名册上没有您的名字，请联系书记添加。",
        "en": "All right. If your name is missing from the roster, please ask your secretary.",
    },
    "claim.nothing": {
        "zh": "您所在的群没有可认领的名字。",
        "en": "There is no name to claim in your groups.",
    },
    "claim.sent": {
        "zh": "已请书记确认您是“{name}”，确认后会通知您。",
        "en": 'Your secretary has been asked to confirm you are "{name}"; you will be told.',
    },
    "claim.stale": {
        "zh": "这个问题已过期，请在 /me 中点「我是…」重新选择。",
        "en": "This question is out of date; tap 「我是…」 under /me to choose again.",
    },
    "claim.to_secretary": {
        "zh": "「{claimant}」说自己是花名册上的“{name}”（{group}）",
        "en": '"{claimant}" says they are "{name}" on the roster ({group})',
    },
    "claim.confirm": {"zh": "确认", "en": "Confirm"},
    "claim.reject": {"zh": "不是此人", "en": "Not them"},
    "claim.decided_yes": {
        "zh": "✅ 已确认：「{claimant}」是花名册上的“{name}”（{group}）",
        "en": '✅ Confirmed: "{claimant}" is "{name}" on the roster ({group})',
    },
    "claim.decided_no": {
        "zh": "❎ 已回复：「{claimant}」不是花名册上的“{name}”（{group}）",
        "en": '❎ Declined: "{claimant}" is not "{name}" on the roster ({group})',
    },
    "claim.confirmed": {
        "zh": "书记已确认，您在花名册上的名字是“{name}”（{group}）。",
        "en": 'Your secretary confirmed: your name on the roster is "{name}" ({group}).',
    },
    "claim.rejected": {
        "zh": "书记没有确认您是“{name}”（{group}）。如有疑问，请直接联系书记。",
        "en": 'Your secretary did not confirm you as "{name}" ({group}). '
        "Please contact them if this is a mistake.",
    },
    # --- /me: their own entry, shown to them alone
    "me.roster_entry": {
        "zh": "花名册（{group}）\n姓名：{name}\n类别：{category}\n党小组：{party_group}\n"
        "入党日期：{joined}",
        "en": "Roster ({group})\nName: {name}\nCategory: {category}\n"
        "Party group: {party_group}\nJoined the Party: {joined}",
    },
}
