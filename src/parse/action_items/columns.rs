//! Which column of an action-item table holds what, from its header row
//! (English, Korean and Japanese names; a `#` column is never the text).

/// Column roles in an action-item table.
#[derive(Default)]
pub(super) struct Columns {
    pub(super) text: Option<usize>,
    pub(super) kind: Option<usize>,
    pub(super) owner: Option<usize>,
    pub(super) bug: Option<usize>,
    pub(super) status: Option<usize>,
    pub(super) due: Option<usize>,
    pub(super) priority: Option<usize>,
}

/// A header naming a row number or identifier column ("#", "No.", "ID").
pub(super) fn is_id_header(h: &str) -> bool {
    matches!(
        h.trim().trim_end_matches('.'),
        "" | "#" | "no" | "nr" | "id" | "番号" | "번호" | "순번" | "ref"
    )
}

impl Columns {
    pub(super) fn from_header(cells: &[String]) -> Self {
        let has = |h: &str, words: &[&str]| words.iter().any(|w| h.contains(w));
        let mut c = Columns::default();
        for (i, h) in cells.iter().enumerate() {
            let h = h.to_lowercase();
            let h = h.as_str();
            if is_id_header(h) {
                continue;
            }
            let slot = if has(
                h,
                &["owner", "assignee", "담당", "担当", "オーナー", "責任者"],
            ) || h == "who"
            {
                &mut c.owner
            } else if has(
                h,
                &[
                    "type",
                    "category",
                    "유형",
                    "분류",
                    "カテゴリ",
                    "種別",
                    "区分",
                ],
            ) {
                &mut c.kind
            } else if has(
                h,
                &[
                    "bug",
                    "ticket",
                    "issue",
                    "jira",
                    "link",
                    "티켓",
                    "링크",
                    "チケット",
                    "リンク",
                ],
            ) || h == "pr"
            {
                &mut c.bug
            } else if has(
                h,
                &[
                    "status",
                    "state",
                    "상태",
                    "판정",
                    "진행",
                    "状態",
                    "ステータス",
                    "状況",
                    "進捗",
                ],
            ) || h == "done"
            {
                &mut c.status
            } else if has(
                h,
                &[
                    "due", "deadline", "기한", "마감", "期限", "期日", "date", "when",
                ],
            ) {
                &mut c.due
            } else if has(h, &["priority", "우선", "優先"]) || h == "pri" {
                &mut c.priority
            } else if has(
                h,
                &[
                    "action",
                    "item",
                    "task",
                    "description",
                    "what",
                    "measure",
                    "내용",
                    "항목",
                    "조치",
                    "대책",
                    "アクション",
                    "対応",
                    "対策",
                    "内容",
                    "項目",
                    "施策",
                    "タスク",
                ],
            ) {
                &mut c.text
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(i);
            }
        }
        if c.text.is_none() {
            c.text = (0..cells.len()).find(|i| {
                !is_id_header(&cells[*i].to_lowercase())
                    && ![c.kind, c.owner, c.bug, c.status, c.due, c.priority].contains(&Some(*i))
            });
        }
        c
    }
}
